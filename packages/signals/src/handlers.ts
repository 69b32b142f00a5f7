import { MAX_EVENTS_PER_BATCH, SignalService } from "@homefeed/proto";
import { implement, refuseBatchIfInvalid, refuseIfTooMany } from "@homefeed/rpc";
import type { EventRecorder } from "./recorder.js";
import { batchProblems } from "./validate.js";

/** RecordEvents: refuses a batch too large or with any invalid event (naming each problem), else records it. */
export function signalServiceHandlers(recorder: EventRecorder, now: () => number = Date.now) {
  return implement(SignalService, {
    async recordEvents(request) {
      refuseIfTooMany("events", request.events.length, MAX_EVENTS_PER_BATCH);
      refuseBatchIfInvalid(batchProblems(request.events, now()), "nothing recorded");
      return recorder.record(request.events);
    },
  });
}
