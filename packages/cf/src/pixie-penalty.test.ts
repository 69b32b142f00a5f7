import { describe, expect, it } from "vitest";
import { degreeClasses, PopularityPenalty } from "./pixie-penalty.js";
import { PixieGraph } from "./pixie-graph.js";

describe("PopularityPenalty", () => {
  // Pin p is in collections 0..p-1 (degree p), for p up to 1200; pin 0 has no edges.
  const pins = 1201;
  const edgeCollections: number[] = [];
  const edgePins: number[] = [];
  for (let pin = 1; pin < pins; pin++) {
    for (let c = 0; c < pin; c++) {
      edgeCollections.push(c);
      edgePins.push(pin);
    }
  }
  const { graph } = PixieGraph.fromEdges({ pins, collections: pins - 1 }, edgeCollections, edgePins, { maxCollectionDegree: pins, maxPinDegree: pins });

  for (const beta of [0.5, 0.8, 1]) {
    it(`gives deg^-β exactly, and a bound within 2^(β/16) above it (β = ${beta})`, () => {
      const penalty = new PopularityPenalty(graph, degreeClasses(graph), beta);
      for (let pin = 0; pin < pins; pin++) {
        const exact = (pin || 1) ** -beta;
        expect(penalty.of(pin)).toBe(exact);
        expect(penalty.atMost(pin)).toBeGreaterThanOrEqual(exact);
        expect(penalty.atMost(pin)).toBeLessThanOrEqual(exact * 2 ** (beta / 16) * (1 + 1e-12));
        expect(penalty.atMost(pin) / penalty.of(pin)).toBeLessThanOrEqual(penalty.slack);
      }
      expect(penalty.slack).toBeLessThanOrEqual(2 ** (beta / 16) * (1 + 1e-12));
    });
  }
});
