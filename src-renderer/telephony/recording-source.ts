/**
 * What a recording hears: both directions of a call mixed into one track (WebAudio), because
 * MediaRecorder records only the first audio track of a stream.
 */
export interface RecordingSource {
  stream: MediaStream;
  dispose(): void;
}

export function mixTracks(tracks: readonly MediaStreamTrack[], createContext: () => AudioContext = () => new AudioContext()): RecordingSource {
  const ctx = createContext();
  const destination = ctx.createMediaStreamDestination();
  const sources = tracks
    .filter((t) => t.kind === 'audio' && t.readyState === 'live')
    .map((t) => {
      const source = ctx.createMediaStreamSource(new MediaStream([t]));
      source.connect(destination);
      return source;
    });
  return {
    stream: destination.stream,
    dispose() {
      for (const s of sources) s.disconnect();
      destination.stream.getTracks().forEach((t) => t.stop());
      void ctx.close();
    },
  };
}
