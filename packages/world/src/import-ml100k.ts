import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { importRatings, UNKNOWN, type ImportSummary, type ItemDescription, type RatingsFormat } from "./import-ratings.js";
import type { Progress, WorldSink } from "./model.js";
import { forEachRow } from "./text-rows.js";

interface Movie {
  readonly title: string;
  /** The first of its genres, as named in u.genre. */
  readonly genre: string;
  readonly url: string;
}

/**
 * Imports MovieLens 100k: `path` is the u.data file or its folder. Users become "ml-u<id>",
 * movies pins "ml-i<id>" on one board per genre ("ml-genre-<genre>", owned by "ml-curator");
 * each rating becomes an impression and a click, plus a save when the rating is 4 or 5.
 * Titles and genres come from u.item and u.genre when they are beside u.data.
 */
export async function importMl100k(path: string, sink: WorldSink, progress: Progress = () => {}): Promise<ImportSummary> {
  const file = (await stat(path)).isDirectory() ? join(path, "u.data") : path;
  const movies = await readMovies(dirname(file));
  return importRatings(file, movieLensFormat(movies), sink, progress);
}

function movieLensFormat(movies: Map<number, Movie>): RatingsFormat {
  return {
    read: { separator: "\t" },
    parse(row) {
      row.expectAtMost(4);
      return { user: row.integer(0, "user id"), item: row.integer(1, "item id"), rating: row.number(2, "rating"), timestampMs: row.integer(3, "unix time") * 1000 };
    },
    kinds: (rating) => (rating.rating >= 4 ? ["impression", "click", "save"] : ["impression", "click"]),
    curator: { id: "ml-curator", name: "MovieLens curator" },
    userId: (user) => `ml-u${user}`,
    userName: (user) => `MovieLens user ${user}`,
    pinId: (item) => `ml-i${item}`,
    describe: (item) => describeMovie(item, movies.get(item)),
  };
}

function describeMovie(item: number, movie: Movie | undefined): ItemDescription {
  const genre = movie?.genre ?? UNKNOWN;
  const topic = slug(genre);
  return {
    title: movie?.title ?? `MovieLens item ${item}`,
    topic,
    linkDomain: movie && URL.canParse(movie.url) ? new URL(movie.url).hostname : UNKNOWN,
    boardId: `ml-genre-${topic}`,
    boardName: `${genre} movies`,
  };
}

/** "Children's" -> "childrens", "Sci-Fi" -> "sci-fi": topics are lower-case words joined by hyphens. */
const slug = (name: string) =>
  name
    .toLowerCase()
    .replaceAll("'", "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Movies of u.item by id, or none when u.item is not there. */
async function readMovies(dir: string): Promise<Map<number, Movie>> {
  const movies = new Map<number, Movie>();
  const itemFile = join(dir, "u.item");
  if (!existsSync(itemFile)) return movies;
  const genres = await readGenres(join(dir, "u.genre"));
  // u.item predates UTF-8: titles such as "Misérables" are Latin-1.
  await forEachRow(itemFile, { separator: "|", encoding: "latin1" }, (row) => {
    row.expectAtMost(5 + genres.length);
    const id = row.integer(0, "movie id");
    const flags = genres.map((genre, g) => row.integer(5 + g, `'${genre}' genre flag`));
    movies.set(id, { title: row.text(1, "a movie title"), url: row.text(4, "an IMDb URL"), genre: genres[flags.findIndex((flag) => flag !== 0)] ?? UNKNOWN });
  });
  return movies;
}

/** Genre names by index, from u.genre lines "name|index". */
async function readGenres(file: string): Promise<string[]> {
  const genres: string[] = [];
  await forEachRow(file, { separator: "|" }, (row) => {
    row.expectAtMost(2);
    genres[row.integer(1, "genre index")] = row.text(0, "a genre name");
  });
  return genres;
}
