/**
 * One app-lifetime headset session: the state machine (which holds the call state across
 * plug-ins) plus whichever device is attached right now. The node-hid driver in main and the
 * WebHID driver in the web build differ only in how they get bytes in and out; both sit on this.
 */
import type { HeadsetCapabilities } from './capabilities';
import { createInputDecoder, createLedEncoder, splitInputReport, type InputDecoder, type LedEncoder, type LedState, type OutputReport } from './reports';
import { HeadsetStateMachine, inputSemantics, type CallSnapshot, type HeadsetRequest, type HeadsetStateMachineOptions } from './state-machine';

export interface HeadsetDevicePort {
  caps: HeadsetCapabilities;
  /** Send one output report. Failures are the driver's to log; the session does not retry. */
  write(report: OutputReport): void;
}

export interface HeadsetSessionOptions extends Omit<HeadsetStateMachineOptions, 'semantics'> {
  onRequest(request: HeadsetRequest): void;
  /** Milliseconds, monotonic enough for echo windows. */
  clock?: () => number;
}

export interface HeadsetSession {
  /** Use this device from now on; its LEDs are written from the current call state at once. */
  attach(device: HeadsetDevicePort): void;
  /** The device is gone; the call state is kept. */
  detach(): void;
  readonly attached: HeadsetCapabilities | null;
  /** A raw report as node-hid delivers it (leading report-ID byte when the device uses IDs). */
  input(data: Uint8Array): void;
  /** A report as WebHID delivers it. */
  inputReport(reportId: number, payload: Uint8Array): void;
  setCallState(call: CallSnapshot): void;
  readonly callState: CallSnapshot;
  readonly leds: LedState;
}

export function createHeadsetSession(options: HeadsetSessionOptions): HeadsetSession {
  const clock = options.clock ?? (() => Date.now());
  const machine = new HeadsetStateMachine(options);
  let device: { port: HeadsetDevicePort; decode: InputDecoder; encoder: LedEncoder } | null = null;

  const show = (leds: LedState): void => {
    if (!device) return;
    for (const report of device.encoder.encode(leds)) device.port.write(report);
  };

  const dispatch = (reportId: number, payload: Uint8Array): void => {
    if (!device) return;
    const values = device.decode(reportId, payload);
    if (!values) return;
    for (const request of machine.handleInput(values, clock())) options.onRequest(request);
  };

  return {
    attach(port) {
      device = { port, decode: createInputDecoder(port.caps), encoder: createLedEncoder(port.caps) };
      show(machine.attach(clock(), inputSemantics(port.caps)));
    },
    detach() {
      device = null;
      machine.detach();
    },
    get attached() {
      return device?.port.caps ?? null;
    },
    input(data) {
      if (!device) return;
      const report = splitInputReport(device.port.caps.usesReportIds, data);
      if (report) dispatch(report.reportId, report.payload);
    },
    inputReport: dispatch,
    setCallState(call) {
      show(machine.setCallState(call, clock()));
    },
    get callState() {
      return machine.callState;
    },
    get leds() {
      return machine.leds;
    },
  };
}
