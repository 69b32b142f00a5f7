import { SignalService } from "@homefeed/proto";
import { implement, refuseBatchIfInvalid } from "@homefeed/rpc";
import type { EventRecorder } from "./recorder.js";
import { batchProblems } from "./validate.js";

/** RecordEvents: refuses a batch with any invalid event (naming each problem), else records it. */
export function signalServiceHandlers(recorder: EventRecorder, now: () => number = Date.now) {
  return implement(SignalService, {
    async recordEvents(request) {
      refuseBatchIfInvalid(batchProblems(request.events, now()), "nothing recorded");
      return recorder.record(request.events);
    },
  });
}
