/**
 * Reading the configured sources into documents: seed 004's press releases (AEM `.content.xml`
 * pages and a CSV export) and seed 001's list of HTML links. A document's `source` is stable (file
 * path relative to the data volume, the row's URL, the page URL): chunk ids are derived from it.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import * as path from "node:path";
import type { CsvSource, HtmlLinksSource, IngestSource, XmlSource } from "./config";
import { csvRecords } from "./csv";
import { getText, type HttpOptions } from "./http";
import { decodeEntities, htmlTitle, normalizeWhitespace, stripHtml } from "./text";

export interface Document {
  /** Stable identity of the document. */
  readonly source: string;
  /** The configured source it came from (a URL or `path:<path>`), used to prune vanished documents. */
  readonly origin: string;
  readonly text: string;
  readonly title?: string;
  readonly date?: string;
  readonly url?: string;
}

interface RawFile {
  /** Path relative to the data volume, or the URL. */
  readonly name: string;
  readonly content: string;
}

export function originOf(s: IngestSource): string {
  return s.url ?? (s.path !== undefined ? `path:${s.path}` : `links:${s.type === "htmlLinks" ? s.links.join(",") : ""}`);
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The files of a location: a URL, a file, or every file under a directory matching `ext`. */
async function readLocation(s: IngestSource, dataDir: string, http: HttpOptions, ext: RegExp): Promise<RawFile[]> {
  if (s.url) return [{ name: s.url, content: await getText(s.url, http) }];
  if (s.path === undefined) return [];
  const root = path.resolve(dataDir, s.path);
  if (!root.startsWith(path.resolve(dataDir) + path.sep) && root !== path.resolve(dataDir)) throw new Error(`path ${s.path} leaves the data volume`);
  const files = (await stat(root)).isDirectory() ? (await walk(root)).filter((f) => ext.test(path.basename(f))) : [root];
  return Promise.all(files.map(async (f) => ({ name: path.relative(dataDir, f).split(path.sep).join("/"), content: await readFile(f, "utf8") })));
}

// ---------------------------------------------------------------------------------------------
// XML (AEM .content.xml): attribute values hold entity-escaped HTML.

function attributeValues(xml: string, name: string): string[] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(?:^|\\s)${escaped}="([^"]*)"`, "g");
  return [...xml.matchAll(re)].map((m) => decodeEntities(m[1]));
}

/** AEM stores typed values as `{Date}2022-01-28T…`. */
function untype(v: string | undefined): string | undefined {
  return v?.replace(/^\{[A-Za-z]+\}/, "");
}

export function xmlDocument(file: RawFile, s: XmlSource, origin: string): Document | undefined {
  const texts = s.textAttributes.flatMap((a) => attributeValues(file.content, a)).map(stripHtml).filter((t) => t.length > 0);
  const body = texts.length > 0 ? texts.join("\n\n") : stripHtml(file.content.replace(/<\?xml[^>]*\?>/, ""));
  const title = untype(attributeValues(file.content, s.titleAttribute)[0]);
  const text = normalizeWhitespace([title, body].filter(Boolean).join("\n\n"));
  if (!body) return undefined;
  return { source: file.name, origin, text, title, date: untype(attributeValues(file.content, s.dateAttribute)[0]) };
}

// ---------------------------------------------------------------------------------------------
// CSV: one document per row.

export function csvDocuments(file: RawFile, s: CsvSource, origin: string): Document[] {
  const seen = new Map<string, number>();
  return csvRecords(file.content).flatMap((row, i) => {
    const text = normalizeWhitespace(s.textColumns.map((c) => row[c] ?? "").filter((v) => v.trim().length > 0).join("\n\n"));
    if (!text) return [];
    const url = row[s.urlColumn]?.trim() || undefined;
    // Keyed by the row's own URL when it has one, so reordering rows keeps the ids.
    let key = url ? `${file.name}#${url}` : `${file.name}#row${i + 1}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key = `${key}#${n}`;
    return [{ source: key, origin, text, title: row[s.titleColumn]?.trim() || undefined, date: row[s.dateColumn]?.trim() || undefined, url }];
  });
}

// ---------------------------------------------------------------------------------------------
// HTML links (seed 001): fetch each page, strip the markup.

export function linksFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"));
}

export async function htmlDocuments(s: HtmlLinksSource, files: RawFile[], origin: string, http: HttpOptions): Promise<Document[]> {
  const links = [...s.links, ...files.flatMap((f) => linksFromText(f.content))];
  const docs: Document[] = [];
  for (const link of [...new Set(links)]) {
    if (!/^https?:\/\//.test(link)) throw new Error(`not an http(s) link: ${link}`);
    const html = await getText(link, http, { accept: "text/html" });
    const text = stripHtml(html);
    if (text) docs.push({ source: link, origin, text, title: htmlTitle(html), url: link });
  }
  return docs;
}

export async function loadDocuments(s: IngestSource, dataDir: string, http: HttpOptions): Promise<Document[]> {
  const origin = originOf(s);
  switch (s.type) {
    case "xml":
      return (await readLocation(s, dataDir, http, /\.xml$/i)).map((f) => xmlDocument(f, s, origin)).filter((d): d is Document => d !== undefined);
    case "csv":
      return (await readLocation(s, dataDir, http, /\.csv$/i)).flatMap((f) => csvDocuments(f, s, origin));
    case "htmlLinks":
      return htmlDocuments(s, s.url !== undefined || s.path !== undefined ? await readLocation(s, dataDir, http, /\.txt$/i) : [], origin, http);
  }
}
