import type { Random } from "./random.js";

export interface Topic {
  /** The topic as stored on boards and pins, e.g. "interior-design". */
  readonly name: string;
  /** The topic for people, e.g. "Interior design". */
  readonly label: string;
  /** Nouns that pin titles about this topic are made of. */
  readonly words: readonly string[];
  /** The sites its pins link to, most common first. */
  readonly domains: readonly string[];
}

const CATALOGUE: Record<string, readonly string[]> = {
  hiking: ["trail", "summit views", "day hike", "backpacking"],
  recipes: ["weeknight dinner", "pasta", "one-pot meal", "sheet pan supper"],
  "interior-design": ["living room", "reading nook", "kitchen makeover", "small apartment"],
  gardening: ["raised bed", "herb garden", "balcony plants", "seed starting"],
  fitness: ["home workout", "core routine", "stretching", "running plan"],
  travel: ["city break", "road trip", "packing list", "hidden beach"],
  fashion: ["capsule wardrobe", "street style", "fall outfit", "linen look"],
  diy: ["upcycled furniture", "shelf build", "weekend project", "pallet craft"],
  photography: ["golden hour", "portrait lighting", "film camera", "street photo"],
  baking: ["sourdough", "cinnamon roll", "layer cake", "cookie"],
  weddings: ["bridal bouquet", "table setting", "wedding arch", "invitation"],
  parenting: ["toddler activity", "lunchbox", "nursery", "bedtime routine"],
  "home-organization": ["pantry", "closet system", "label", "drawer divider"],
  art: ["watercolor", "sketchbook", "acrylic pour", "gallery wall"],
  beauty: ["skincare routine", "natural makeup", "nail art", "hair braid"],
  cars: ["classic car", "camper van", "detailing", "garage"],
  pets: ["puppy training", "cat tree", "dog treat", "aquarium"],
  tattoos: ["fine line tattoo", "floral tattoo", "sleeve", "minimal tattoo"],
  architecture: ["modern house", "brutalist building", "tiny home", "staircase"],
  quotes: ["motivation quote", "morning mantra", "life lesson", "calligraphy quote"],
  crafts: ["crochet", "embroidery", "paper flower", "macrame"],
  "vegan-food": ["plant-based bowl", "tofu", "vegan dessert", "smoothie"],
  education: ["study notes", "classroom decor", "math game", "reading corner"],
  camping: ["tent setup", "campfire meal", "van life", "gear list"],
};

const DOMAIN_PATTERNS = ["the{}blog.com", "{}hub.com", "{}daily.net", "my{}.org", "{}-ideas.co"];

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Every topic the generator knows, in a fixed order. */
export const TOPICS: readonly Topic[] = Object.entries(CATALOGUE).map(([name, words]) => ({
  name,
  label: capitalize(name.replaceAll("-", " ")),
  words,
  domains: DOMAIN_PATTERNS.map((pattern) => pattern.replace("{}", name.replaceAll("-", ""))),
}));

const TITLE_OPENINGS = ["easy", "cozy", "simple", "modern", "budget", "best", "quick", "minimal", "bold", "classic"];
const TITLE_ENDINGS = ["ideas", "inspiration", "tips", "guide", "for beginners", "you will love", "to try"];

/** A plausible pin title about the topic, e.g. "Cozy reading nook ideas". */
export function pinTitle(topic: Topic, random: Random): string {
  return capitalize(`${random.pick(TITLE_OPENINGS)} ${random.pick(topic.words)} ${random.pick(TITLE_ENDINGS)}`);
}

const BOARD_ENDINGS = ["ideas", "inspiration", "favorites", "to try", "board"];

/** A board name like "Hiking ideas 12"; the number keeps names of one owner apart. */
export function boardName(topic: Topic, number: number, random: Random): string {
  return `${topic.label} ${random.pick(BOARD_ENDINGS)} ${number}`;
}
