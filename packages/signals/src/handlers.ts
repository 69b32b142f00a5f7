import { SignalService } from "@homefeed/proto";
import { implement, invalidArgument } from "@homefeed/rpc";
import type { EventRecorder } from "./recorder.js";
import { batchProblems } from "./validate.js";

const MAX_LISTED_PROBLEMS = 10;

/** RecordEvents: refuses a batch with any invalid event (naming each problem), else records it. */
export function signalServiceHandlers(recorder: EventRecorder, now: () => number = Date.now) {
  return implement(SignalService, {
    async recordEvents(request) {
      const problems = batchProblems(request.events, now());
      if (problems.length > 0) {
        const more = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : "";
        throw invalidArgument(`nothing recorded: ${problems.slice(0, MAX_LISTED_PROBLEMS).join("; ")}${more}`);
      }
      return recorder.record(request.events);
    },
  });
}
