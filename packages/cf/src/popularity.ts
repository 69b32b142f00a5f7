import type { InteractionMatrix } from "./interactions.js";
import type { Recommender } from "./recommender.js";
import { checkScoreRequest } from "./score-checks.js";

/**
 * The baseline every personalized method must beat: an item's score is the number of
 * training users who interacted with it, the same for every user.
 */
export function fitPopularity(train: InteractionMatrix): Recommender {
  const popularity = new Float32Array(train.items);
  for (let i = 0; i < train.items; i++) popularity[i] = train.itemDegree(i);
  return {
    method: "pop",
    scoreAll(user: number, out: Float32Array): void {
      checkScoreRequest(user, train.users, out, train.items);
      out.set(popularity);
    },
  };
}
