import { validateGbdt, type GbdtModel } from "@homefeed/gbdt";
import { z } from "zod";

/** Trained parameters of a package, stored beside its spec as params.json. */
export const LogisticParamsSchema = z.object({
  model: z.literal("logistic_regression"),
  weights: z.array(z.number().finite()),
  bias: z.number().finite(),
});

/** The trees are checked node by node, so a corrupt file is refused at load, never mid-request. */
export const GbdtParamsSchema = z.object({
  model: z.literal("gbdt"),
  gbdt: z.unknown().transform((value, ctx): GbdtModel => {
    try {
      return validateGbdt(value);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  }),
});

export const ParamsSchema = z.discriminatedUnion("model", [LogisticParamsSchema, GbdtParamsSchema]);
export type Params = z.infer<typeof ParamsSchema>;
