/*
 * The search worker of Material for MkDocs, answering from Pagefind.
 *
 * Material's search box talks to a web worker through four messages, defined
 * in Material's source at integrations/search/worker/message:
 *
 *   0 SETUP  {config, docs, options}  the page sends search_index.json
 *   1 READY                           the worker is set up
 *   2 QUERY  "text typed in the box"  on every change of the box
 *   3 RESULT {items: [[article, ...sections], ...]}
 *
 * The dossier-search plugin (generator/site/mkdocs/search/plugin.py) writes a
 * search_index.json without documents whose config.pagefind holds this
 * worker's settings, and points every page's __config.search here. Pagefind's
 * script and index are loaded on the first query that is not empty, so pages
 * opened without searching download nothing more than this file.
 *
 * A query may narrow the results with filters written as name:value, or
 * name:"several words"; a value matches every value that starts with it:
 * "kerman dossier:kerman-2024 language:fa kind:iran".
 */
"use strict"

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* Typing fast sends a query per key; only the last one after a pause runs */
const PAUSE_MS = 120

/* A filter value that no page has, to select nothing */
const NOTHING = "\u0000"

let settings = null
let foldPattern = null
let pagefind = null
let latest = 0

/* Settings from the plugin, and the normalisation table of the index */
function setup(config) {
  settings = config && config.pagefind
  if (!settings) {
    console.warn("dossier-search: search_index.json has no Pagefind settings")
    return
  }
  const characters = Object.keys(settings.fold)
    .map(c => c.replace(/[\\\]\-^]/g, "\\$&"))
    .join("")
  foldPattern = new RegExp(`[${characters}]`, "gu")
}

/* The text as the index holds it: Arabic-script variants folded */
function fold(text) {
  return foldPattern ? text.replace(foldPattern, c => settings.fold[c]) : text
}

function escapeHTML(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

function unescapeHTML(text) {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, "\"")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
}

/*
 * Pagefind's module, imported once, beside the first index it was built with;
 * a large site's other indexes (shards of its pages) are merged into it
 */
function load() {
  if (!pagefind) {
    const [first, ...others] = settings.bundles.map(
      bundle => new URL(bundle, self.location.href).href)
    pagefind = import(new URL("pagefind.js", first).href)
      .then(async module => {
        await module.options({ baseUrl: "/" })
        for (const other of others)
          await module.mergeIndex(other, { baseUrl: "/" })
        return module
      })
    pagefind.catch(() => { pagefind = null })
  }
  return pagefind
}

/* Split "words name:value" into the words and the filters asked for */
function parse(query) {
  const wanted = {}
  const names = settings.filters.join("|")
  const pattern = new RegExp(`(^|\\s)(${names}):(?:"([^"]*)"?|(\\S*))`, "giu")
  const words = query.replace(pattern, (_, space, name, quoted, plain) => {
    const value = (quoted ?? plain ?? "").trim()
    const key = name.toLowerCase()
    if (value)
      (wanted[key] = wanted[key] || []).push(value)
    return space
  })
  return { words: fold(words).replace(/\s+/g, " ").trim(), wanted }
}

/* Pagefind filters for what was asked: every value starting with it */
async function resolve(module, wanted) {
  const keys = Object.keys(wanted)
  if (!keys.length)
    return {}
  const available = await module.filters()
  const simplify = text => fold(text).toLocaleLowerCase()
  const filters = {}
  for (const key of keys) {
    const asked = wanted[key].map(simplify)
    const values = Object.keys(available[key] || {})
      .filter(value => asked.some(prefix => simplify(value).startsWith(prefix)))
    filters[key] = { any: values.length ? values : [NOTHING] }
  }
  return filters
}

/*
 * The words to highlight on the page opened (Material's ?h=): the words typed,
 * and the words of the page that matched them as the page spells them, since
 * a query typed with ي or ك matches words written with ی or ک
 */
function matched(excerpts, words) {
  const typed = words.split(" ").filter(Boolean)
  const prefixes = typed.map(word => word.toLocaleLowerCase())
  const terms = {}
  const seen = new Set()
  const add = word => {
    if (!seen.has(word.toLocaleLowerCase())) {
      seen.add(word.toLocaleLowerCase())
      terms[word] = true
    }
  }
  typed.forEach(add)
  for (const excerpt of excerpts)
    for (const [, marked] of excerpt.matchAll(/<mark>(.*?)<\/mark>/g))
      for (const word of unescapeHTML(marked).split(/[^\p{L}\p{N}\p{M}\u200c]+/u)) {
        const folded = fold(word).toLocaleLowerCase()
        if (word && prefixes.some(prefix => folded.startsWith(prefix)))
          add(word)
      }
  return terms
}

/*
 * An index without a word of the query answers with its longest word that the
 * query's word starts with, Pagefind's way to meet a stemmed word halfway: "e"
 * for "einollahi". With the shards of a large site merged, every shard that
 * lacks the word does so. A page is such a stray when, for some word of the
 * query, none of its matched words holds that word's beginning (the word
 * less its last three letters, which stemming may change).
 */
function stray(data, terms) {
  const text = data.content.split(/\s+/)
  const found = data.locations.map(at => fold(text[at] || "").toLocaleLowerCase())
  return terms.some(term => {
    const start = term.slice(0, Math.max(1, term.length - 3))
    return !found.some(word => word.includes(start))
  })
}

/* Where a result leads, relative to the site's root as Material expects */
function relative(url) {
  return url.replace(/^\/+/, "")
}

/* The dossier and source a page belongs to, as a line of the result */
function origin(meta) {
  const parts = []
  if (meta.dossier)
    parts.push(`Dossier: <strong>${escapeHTML(meta.dossier)}</strong>`)
  if (meta.source) {
    const about = [meta.kind, meta.language].filter(Boolean).map(escapeHTML).join(", ")
    parts.push(`Source: <strong>${escapeHTML(meta.source)}</strong>${about ? ` (${about})` : ""}`)
  }
  return parts.length
    ? `<p class="dossier-search-origin">${parts.join(" · ")}</p>`
    : ""
}

/*
 * A page of a dossier with content warnings carries them in its "warning" meta
 * (generator/templates/_warnings.md.j2): its results show the warning, never an
 * excerpt, which could be the folded source text the page holds back
 */
function excerpt(data, text) {
  if (data.meta.warning)
    return `<p class="dossier-search-warning">Content warning: ${escapeHTML(data.meta.warning)}. ` +
      "The passage found is shown on the page, after its warning.</p>"
  return `<p dir="auto">${text}</p>`
}

/* One page as Material's result item: the article, then its sections */
function item(result, data, words) {
  const sections = data.sub_results
    .filter(section => section.url.includes("#") && section.url !== data.url)
    .slice(0, settings.max_sections)
  const terms = matched([data.excerpt, ...sections.map(s => s.excerpt)], words)
  const article = {
    location: relative(data.url),
    title: escapeHTML(data.meta.title || data.url),
    text: `${origin(data.meta)}${excerpt(data, data.excerpt)}`,
    score: result.score,
    terms
  }
  /* Scored below the article, the sections fold under "more on this page" */
  return [article, ...sections.map(section => ({
    location: relative(section.url),
    title: escapeHTML(section.title),
    text: excerpt(data, section.excerpt),
    score: result.score / 2,
    terms
  }))]
}

const pause = ms => new Promise(done => setTimeout(done, ms))

/* The result for one query, or null once a newer query has come */
async function answer(query, id) {
  const { words, wanted } = parse(query)
  if (!words && !Object.keys(wanted).length)
    return { items: [] }
  await pause(PAUSE_MS)
  if (id !== latest)
    return null
  const module = await load()
  const filters = await resolve(module, wanted)
  const search = await module.search(words || null, { filters })
  if (id !== latest)
    return null
  let results = search.results.slice(0, settings.max_results)
  let data = await Promise.all(results.map(result => result.data()))
  if (id !== latest)
    return null
  if (settings.bundles.length > 1 && words) {
    const terms = words.toLocaleLowerCase().split(" ")
    const kept = data.map(page => !stray(page, terms))
    if (kept.some(Boolean)) {
      results = results.filter((_, i) => kept[i])
      data = data.filter((_, i) => kept[i])
    }
  }
  return { items: results.map((result, i) => item(result, data[i], words)) }
}

addEventListener("message", event => {
  const message = event.data
  switch (message.type) {
    case SETUP:
      setup(message.data.config)
      postMessage({ type: READY })
      break
    case QUERY: {
      const id = ++latest
      const reply = data => {
        if (data && id === latest)
          postMessage({ type: RESULT, data })
      }
      if (!settings) {
        reply({ items: [] })
        break
      }
      answer(message.data, id).then(reply, error => {
        console.warn("dossier-search: the search failed", error)
        reply({ items: [] })
      })
      break
    }
  }
})
