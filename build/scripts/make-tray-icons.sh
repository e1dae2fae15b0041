#!/bin/sh
# Renders the tray and taskbar-overlay icons in build/tray/ from the SVGs beside them.
# Needs rsvg-convert (librsvg2-bin) or ImageMagick's convert with SVG support.
# Usage: sh build/scripts/make-tray-icons.sh   (the PNGs are committed; run again after editing an SVG)
set -eu
cd "$(dirname "$0")/../tray"
render() { # svg size out
  if command -v rsvg-convert >/dev/null 2>&1; then rsvg-convert -w "$2" -h "$2" "$1" -o "$3"
  else convert -background none -density 384 "$1" -resize "$2x$2" "$3"; fi
}
for svg in tray-*.svg; do
  name="${svg%.svg}"
  render "$svg" 16 "$name.png"
  render "$svg" 32 "$name@2x.png"
done
render overlay-missed.svg 16 overlay-missed.png
render overlay-missed.svg 32 overlay-missed@2x.png
