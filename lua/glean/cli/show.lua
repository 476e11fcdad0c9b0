--- `glean show`: documents with their entities, for a person to check.
-- terminal(): the text with entities coloured and labelled (ANSI colours, or plain
-- [text](LABEL) markup when colours are off). html_page(): one standalone page, every
-- entity highlighted with its label (linked to Wikidata when its id is a Q-number), a
-- legend, and a table of the entities of each document.
local util = require "glean.cli.util"

local M = {}

-- What the usual labels mean (legend) and their colours (ANSI; HTML as in displaCy).
M.LABELS = {
  PERSON = { "people, including fictional", 35, "#aa9cfc" },
  ORG = { "companies, agencies, institutions", 34, "#7aecec" },
  GPE = { "countries, cities, states", 32, "#feca74" },
  LOC = { "other places: regions, mountains, waters", 36, "#ff9561" },
  NORP = { "nationalities, religious or political groups", 33, "#c887fb" },
  FAC = { "buildings, airports, roads, bridges", 31, "#ddd" },
  EVENT = { "named events", 91, "#ffeb80" },
  PRODUCT = { "products, devices", 96, "#bfeeb7" },
  LAW = { "laws and treaties", 93, "#ff8197" },
  DATE = { "dates and periods", 94, "#bfe1d9" },
  MONEY = { "amounts of money", 92, "#e4e7d2" },
  QUOTE = { "quotations", 95, "#f0d0e8" },
}
local ANSI_SPARE = { 31, 91, 92, 93, 94, 95, 96 }
local HTML_SPARE = { "#e4e7d2", "#c6e2ff", "#ffd8b1", "#d4f0c0", "#f5c6cb", "#e0d4f7" }

local function pick(label, spare)
  local h = 0
  for i = 1, #label do h = (h * 31 + label:byte(i)) % 1000003 end
  return spare[h % #spare + 1]
end

local function ansi(label)
  local l = M.LABELS[label]
  return l and l[2] or pick(label, ANSI_SPARE)
end

local function html_colour(label)
  local l = M.LABELS[label]
  return l and l[3] or pick(label, HTML_SPARE)
end

--- Counts entities per label into counts (a table), returns it.
function M.count(doc, counts)
  counts = counts or {}
  for _, e in ipairs(doc.ents) do
    local label = e.label or "?"
    counts[label] = (counts[label] or 0) + 1
  end
  return counts
end

local function sorted_labels(counts)
  local labels = {}
  for l in pairs(counts) do labels[#labels + 1] = l end
  table.sort(labels, function(a, b)
    if counts[a] ~= counts[b] then return counts[a] > counts[b] end
    return a < b
  end)
  return labels
end

--- The terminal view of one document (quotes: from glean.extract.quotes, optional).
function M.terminal(doc, meta, colour, quotes)
  local text, out, pos = doc.text, {}, 1
  local function esc(code, s) return colour and ("\27[" .. code .. "m" .. s .. "\27[0m") or s end
  local title = tostring(meta.id)
  if meta.date then title = title .. "  (" .. meta.date .. ")" end
  out[#out + 1] = esc("1", "── " .. title .. " ──") .. "\n"
  for _, e in ipairs(doc.ents) do
    out[#out + 1] = text:sub(pos, e.start - 1)
    local label = e.label or "?"
    if colour then
      local c = ansi(label)
      out[#out + 1] = ("\27[1;%dm%s\27[0;2;%dm %s\27[0m"):format(c, e.text, c, label)
    else
      out[#out + 1] = ("[%s](%s)"):format(e.text, label)
    end
    pos = e.stop + 1
  end
  out[#out + 1] = text:sub(pos)
  if text:sub(-1) ~= "\n" then out[#out + 1] = "\n" end
  if quotes and #quotes > 0 then
    out[#out + 1] = esc("1", "── quotes ──") .. "\n"
    for k, q in ipairs(quotes) do
      local said = q.text:gsub("%s+", " ")
      if #said > 90 then said = said:sub(1, utf8.offset(said, 88) - 1) .. "…" end
      local who = q.speaker and q.speaker.text or "?"
      out[#out + 1] = ("  %d. “%s” — %s%s%s\n"):format(k, said,
        colour and ("\27[1m" .. who .. "\27[0m") or who, q.cue and (" (" .. q.cue .. ")") or "",
        q.resolved and (" = " .. q.resolved.text) or "")
    end
  end
  return table.concat(out)
end

--- The legend line(s) for the terminal: label, meaning, count.
function M.terminal_legend(counts, colour)
  local labels = sorted_labels(counts)
  if #labels == 0 then return "── no entities ──\n" end
  local out = {}
  for _, l in ipairs(labels) do
    local name = colour and ("\27[1;%dm%s\27[0m"):format(ansi(l), l) or l
    local meaning = M.LABELS[l] and M.LABELS[l][1] or ""
    out[#out + 1] = ("  %s%s %4d  %s\n"):format(name, (" "):rep(math.max(0, 8 - #l)), counts[l], meaning)
  end
  return "── entities ──\n" .. table.concat(out)
end

local HTML_ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }
local function h(s) return (tostring(s):gsub("[&<>\"']", HTML_ESC)) end
M.html_escape = h

local function label_html(e)
  local label = h(e.label or "?")
  if type(e.id) == "string" and e.id:match("^Q%d+$") then
    return ('<a class="label" href="https://www.wikidata.org/wiki/%s">%s</a>'):format(e.id, label)
  end
  return '<span class="label">' .. label .. "</span>"
end

-- The entity (its anchor) that holds a speaker span, if any.
local function entity_of(doc, span)
  for k, e in ipairs(doc.ents) do
    if e.first <= span.first and span.last <= e.last then return k end
  end
end

--- One document as an HTML <article>: text with marked entities, its quotes linked to
-- their speakers (quotes: from glean.extract.quotes, optional), an entity table.
function M.html_section(doc, meta, n, quotes)
  local text, out, pos = doc.text, {}, 1
  local function chunk(s) out[#out + 1] = h(s) end
  local title = tostring(meta.id)
  out[#out + 1] = ('<article id="doc-%d">\n<h2>%s</h2>\n'):format(n, h(title))
  if meta.date then out[#out + 1] = ('<p class="date">%s</p>\n'):format(h(meta.date)) end
  out[#out + 1] = '<div class="text">'
  for k, e in ipairs(doc.ents) do
    chunk(text:sub(pos, e.start - 1))
    local tip = { e.label or "?" }
    if e.id then tip[#tip + 1] = tostring(e.id) end
    if e.source then tip[#tip + 1] = "from " .. tostring(e.source) end
    out[#out + 1] = ('<mark class="ent" id="doc-%d-ent-%d" style="background:%s" title="%s">%s%s</mark>')
      :format(n, k, html_colour(e.label or "?"), h(table.concat(tip, " · ")), h(e.text), label_html(e))
    pos = e.stop + 1
  end
  chunk(text:sub(pos))
  out[#out + 1] = "</div>\n"
  if quotes and #quotes > 0 then
    out[#out + 1] = '<section class="quotes"><h3>Quotes</h3>\n'
    for k, q in ipairs(quotes) do
      local who = "speaker unknown"
      if q.speaker then
        local e = entity_of(doc, q.speaker)
        who = e and ('<a class="speaker" href="#doc-%d-ent-%d">%s</a>'):format(n, e, h(q.speaker.text))
          or ('<span class="speaker">%s</span>'):format(h(q.speaker.text))
      end
      out[#out + 1] = ('<blockquote id="doc-%d-quote-%d">%s<footer>— %s%s%s</footer></blockquote>\n')
        :format(n, k, h(q.text), who, q.cue and (" (" .. h(q.cue) .. ")") or "",
          q.resolved and (" = " .. h(q.resolved.text)) or "")
    end
    out[#out + 1] = "</section>\n"
  end
  if #doc.ents > 0 then
    out[#out + 1] = '<details><summary>' .. #doc.ents .. ' entities</summary>\n<table>\n'
      .. "<tr><th>#</th><th>label</th><th>text</th><th>id</th><th>bytes</th><th>source</th></tr>\n"
    for k, e in ipairs(doc.ents) do
      out[#out + 1] = ('<tr><td><a href="#doc-%d-ent-%d">%d</a></td><td>%s</td><td>%s</td><td>%s</td><td>%d–%d</td><td>%s</td></tr>\n')
        :format(n, k, k, h(e.label or "?"), h(e.text), h(e.id or ""), e.start - 1, e.stop, h(e.source or ""))
    end
    out[#out + 1] = "</table></details>\n"
  end
  out[#out + 1] = "</article>\n"
  return table.concat(out)
end

local CSS = [[
body { font: 16px/1.6 Georgia, "DejaVu Serif", serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #222; background: #fff; }
h1 { font: bold 1.3em system-ui, sans-serif; margin-bottom: .2em; }
h2 { font: bold 1.1em system-ui, sans-serif; border-top: 1px solid #ccc; padding-top: 1em; }
.date, .meta { color: #666; font: .9em system-ui, sans-serif; }
.text { white-space: pre-wrap; }
mark.ent { padding: .1em .3em; border-radius: .3em; line-height: 1.9; color: #111; }
mark.ent .label { font: bold .62em system-ui, sans-serif; text-transform: uppercase; margin-left: .4em; vertical-align: middle; color: #333; text-decoration: none; }
ul.legend { list-style: none; padding: 0; font: .9em system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: .5em 1.2em; }
ul.legend .swatch { font-weight: bold; padding: .1em .4em; border-radius: .3em; }
table { border-collapse: collapse; font: .85em system-ui, sans-serif; margin: .5em 0; }
td, th { border-bottom: 1px solid #eee; padding: .15em .6em; text-align: left; }
blockquote { margin: .6em 0; padding: .2em .8em; border-left: 4px solid #f0d0e8; background: #fbf5f9; }
blockquote footer { font: .85em system-ui, sans-serif; color: #555; }
a.speaker, span.speaker { font-weight: bold; }
]]

--- The whole page around the sections.
function M.html_page(sections, counts, info)
  local out = { "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    "<title>", h(info.title), "</title>\n<style>\n", CSS, "</style>\n</head>\n<body>\n",
    "<header>\n<h1>", h(info.title), "</h1>\n<p class=\"meta\">", h(info.subtitle), "</p>\n" }
  local labels = sorted_labels(counts)
  out[#out + 1] = '<ul class="legend">\n'
  for _, l in ipairs(labels) do
    local meaning = M.LABELS[l] and M.LABELS[l][1] or ""
    out[#out + 1] = ('<li><span class="swatch" style="background:%s">%s</span> %d <span class="meta">%s</span></li>\n')
      :format(html_colour(l), h(l), counts[l], h(meaning))
  end
  if #labels == 0 then out[#out + 1] = "<li>no entities</li>\n" end
  out[#out + 1] = "</ul>\n</header>\n<main>\n"
  for _, s in ipairs(sections) do out[#out + 1] = s end
  out[#out + 1] = "</main>\n</body>\n</html>\n"
  return table.concat(out)
end

--- Whether the terminal view is coloured: --color always|never|auto (auto: stdout is a
-- terminal, not redirected with -o, and NO_COLOR is unset).
function M.use_colour(mode, to_file)
  if mode == "always" then return true end
  if mode == "never" then return false end
  return not to_file and not util.no_color() and util.isatty(1)
end

return M
