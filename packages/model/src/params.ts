import { z } from "zod";

/** Trained parameters of a package, stored beside its spec as params.json. */
export const LogisticParamsSchema = z.object({
  model: z.literal("logistic_regression"),
  weights: z.array(z.number().finite()),
  bias: z.number().finite(),
});

export const ParamsSchema = z.discriminatedUnion("model", [LogisticParamsSchema]);
export type Params = z.infer<typeof ParamsSchema>;
