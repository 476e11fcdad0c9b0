--- glean.extract.dates(doc [, opts]) -> date expressions, in text order.
--
--   local doc = nlp:parse(text, { date = "2019-02-05" })
--   for _, d in ipairs(glean.extract.dates(doc)) do print(d.kind, d.span.text, d.value) end
--
-- Each result: span (the date expression, without a leading preposition: "Tuesday" in
-- "on Tuesday", but "last week" whole), kind, value ("YYYY-MM-DD" when the expression
-- names one day and can be resolved, else nil), from/to (the first and last day of a
-- week, month or year when it can be resolved), prep (the preposition before it, "on",
-- "in", ..., or nil) and tense ("past" or "future", for weekdays and day-less dates).
--
-- kinds: "date" (Feb. 5, 2019 / 5 February 2019 / 2019-02-05 / February 5), "weekday"
-- (Tuesday, on Tuesday, last Friday, Tuesday night), "relative" (yesterday, today,
-- tomorrow, tonight, last week, next month, this year, earlier this week, three days
-- ago), "month" (in February, February 2019), "year" (in 2004, since 2003, mid-2004),
-- "decade" (the 1990s).
--
-- Resolution needs doc.meta.date ("YYYY-MM-DD", the article's date); without it only
-- complete dates get a value. The convention for a weekday: news reports the past, so a
-- bare weekday is the most recent such day on or before the article date (said on
-- Tuesday, in an article of Tuesday 2019-02-05, is 2019-02-05) — unless the nearest
-- verb says the future (will, shall, 'll, would, going to, due to, set to, expected,
-- scheduled, plans), then it is the first such day on or after the article date (the
-- cabinet will hold a session on Wednesday = 2019-02-06). The nearest verb is looked
-- for backwards in the sentence from the date, then forwards (Wednesday's meeting will
-- focus ...). "last Tuesday" is the one strictly before the date, "next Tuesday" the one
-- strictly after, "this Tuesday" follows the tense. A day-less date (February 5) takes
-- the article's year, moved by a year when the tense says so (a past "December 20" in a
-- January article is last year's). Weeks run Monday to Sunday.
--
-- The DATE spans are also added to doc.ents where they overlap no existing entity
-- (source "dates"); opts.annotate = false leaves doc.ents alone.
--
-- opts: annotate (boolean, default true), date ("YYYY-MM-DD", instead of doc.meta.date),
-- nlp (default: the nlp that parsed the doc).
local glean = require "glean"
local options = require "glean.options"
local Span = require "glean.span"
local sort = require "glean.sort"

local M = {}

---------------------------------------------------------------- calendar arithmetic

-- Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
-- Lua's // floors, so the era is plain y // 400: Hinnant's `y - 399` for negative years
-- makes C's truncating division floor, and applied to // it made years before 0 an era
-- short (a day before 0000-03-01 came out a day late).
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y, m, d
end

local function iso(z)
  local y, m, d = civil_from_days(z)
  return ("%04d-%02d-%02d"):format(y, m, d)
end

-- 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
local function weekday_of(z) return (z + 3) % 7 end

local DAYS_IN = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
local function days_in_month(y, m)
  if m == 2 and (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) then return 29 end
  return DAYS_IN[m]
end

local function valid(y, m, d)
  return m >= 1 and m <= 12 and d >= 1 and d <= days_in_month(y, m)
end

local function parse_iso(s)
  local y, m, d = tostring(s):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if not valid(y, m, d) then return nil end
  return days_from_civil(y, m, d)
end

---------------------------------------------------------------- words

local WEEKDAYS = { monday = 0, tuesday = 1, wednesday = 2, thursday = 3, friday = 4,
  saturday = 5, sunday = 6 }
local MONTHS = { january = 1, february = 2, march = 3, april = 4, may = 5, june = 6,
  july = 7, august = 8, september = 9, october = 10, november = 11, december = 12,
  jan = 1, feb = 2, mar = 3, apr = 4, jun = 6, jul = 7, aug = 8, sep = 9, sept = 9,
  oct = 10, nov = 11, dec = 12 }
local NUMBER_WORDS = { a = 1, an = 1, one = 1, two = 2, three = 3, four = 4, five = 5, six = 6,
  seven = 7, eight = 8, nine = 9, ten = 10, eleven = 11, twelve = 12, several = nil }

-- The word sets of the rules: bare words match a token's norm, the month names its exact
-- text. The C twin is handed the same lists (M.twin below).
local SETS = {
  weekday = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" },
  prep = { "on", "in", "at", "by", "since", "until", "till", "from", "during", "before", "after",
    "of", "for", "to", "through", "throughout", "over", "between" },
  month_mod = { "last", "next", "this", "early", "late", "mid", "end" },
  rel = { "last", "next", "this" },
  part = { "morning", "afternoon", "evening", "night" },
  deictic = { "yesterday", "today", "tomorrow", "tonight" },
  rel_mod = { "earlier", "later", "early", "late" },
  rel_unit = { "week", "month", "year", "weekend", "morning", "afternoon", "evening", "night" },
  ago_count = { "a", "an", "one", "several", "few" },
  ago_unit = { "day", "days", "week", "weeks", "month", "months", "year", "years" },
  year_prep = { "in", "since", "until", "by", "from", "during", "before", "after", "of", "its",
    "their", "for" },
  -- Month names by exact text: capitalised, so that "may" and "march" the verbs are not
  -- months; abbreviations with or without their period.
  month = {},
}
for _, m in ipairs { "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December" } do
  SETS.month[#SETS.month + 1] = m
end
for _, m in ipairs { "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
  "Nov", "Dec" } do
  SETS.month[#SETS.month + 1] = m
  SETS.month[#SETS.month + 1] = m .. "."
end

-- A rule's set of bare words, or (quoted) of exact texts.
local function words(list) return "{" .. table.concat(list, " ") .. "}" end
local function texts(list)
  local quoted = {}
  for i, w in ipairs(list) do quoted[i] = "'" .. w .. "'" end
  return words(quoted)
end

local MONTH = texts(SETS.month)
local WEEKDAY = words(SETS.weekday)
local PREP = words(SETS.prep)
local PATTERNS = { day = "/^[0-3]?%d$/", day_th = "/^[0-3]?%d[snrt][tdh]$/",
  year = "/^[12]%d%d%d$/", iso = "/^[12]%d%d%d%-[01]%d%-[0-3]%d$/", decade = "/^[12]%d%d0s$/",
  mid_year = "/^mid%-[12]%d%d%d$/" }
local DAY, DAY_TH, YEAR = PATTERNS.day, PATTERNS.day_th, PATTERNS.year

local function build_rules(nlp)
  local r = glean.rules(nlp)
  -- Feb. 5, 2019 / February 5th / Feb 5
  r:add("month_day", "m:" .. MONTH .. " d:(" .. DAY .. "|" .. DAY_TH .. ") (','? y:" .. YEAR .. ")?")
  -- 5 February 2019 / 5th of February
  r:add("day_month", "d:(" .. DAY .. "|" .. DAY_TH .. ") of? m:" .. MONTH .. " (','? y:" .. YEAR .. ")?")
  -- 2019-02-05
  r:add("iso", "d:" .. PATTERNS.iso)
  -- February 2019 / in February / last March
  r:add("month_year", "m:" .. MONTH .. " y:" .. YEAR)
  r:add("month", "p:(" .. PREP .. "|" .. words(SETS.month_mod) .. ") m:" .. MONTH)
  -- (on|last|next|this)? Tuesday (morning|night ...)?
  r:add("weekday", "p:(" .. PREP .. "|" .. words(SETS.rel) .. ")? w:" .. WEEKDAY
    .. " part:" .. words(SETS.part) .. "?")
  -- yesterday, today, tomorrow, tonight
  r:add("deictic", "w:" .. words(SETS.deictic))
  -- (earlier|later)? (last|next|this) (week|month|year|weekend)
  r:add("relative", "mod:" .. words(SETS.rel_mod) .. "? rel:" .. words(SETS.rel) .. " unit:"
    .. words(SETS.rel_unit))
  -- three days ago / a week ago
  r:add("ago", "n:(<num>|" .. words(SETS.ago_count) .. ") unit:" .. words(SETS.ago_unit) .. " ago")
  -- in 2004, since 2003, its 2003 results, the 1990s, mid-2004
  r:add("year", "p:" .. words(SETS.year_prep) .. " y:" .. YEAR)
  r:add("decade", "y:" .. PATTERNS.decade)
  r:add("mid_year", "y:" .. PATTERNS.mid_year)
  return r
end

local rules_for = require("glean.extract.per_nlp")(build_rules)

---------------------------------------------------------------- tense

local FUTURE_WORDS, PAST_WORDS = {}, {}
for w in ([[will shall 'll wo would going due set expected scheduled plans plan planned
  intends aims hopes to-be upcoming next]]):gmatch("%S+") do FUTURE_WORDS[#FUTURE_WORDS + 1] = w end
for w in ([[said told was were had did met made went came took gave saw got held left began
  won lost spoke wrote rose fell announced reported added warned agreed decided signed
  released published confirmed revealed claimed died killed launched opened closed
  ended started earlier ago last yesterday]]):gmatch("%S+") do PAST_WORDS[#PAST_WORDS + 1] = w end
local FUTURE, PAST = {}, {}
for _, w in ipairs(FUTURE_WORDS) do FUTURE[w] = true end
for _, w in ipairs(PAST_WORDS) do PAST[w] = true end

local function tense_of_word(n)
  if FUTURE[n] then return "future" end
  if PAST[n] or (n:sub(-2) == "ed" and #n > 4) then return "past" end
end

-- The tense of the nearest verb to tokens first..last in their sentence (see header).
local function tense_near(doc, first, last)
  local sent = doc[first].sent
  local j = first - 1
  while j >= 1 and first - j <= 12 and doc[j].sent == sent do
    local t = tense_of_word(doc[j].norm)
    if t then return t end
    j = j - 1
  end
  local n = #doc
  j = last + 1
  while j <= n and j - last <= 8 and doc[j].sent == sent do
    local t = tense_of_word(doc[j].norm)
    if t then return t end
    j = j + 1
  end
  return "past"
end

---------------------------------------------------------------- resolution

local function month_of(tok_text)
  return MONTHS[tok_text:lower():gsub("%.$", "")]
end

local function day_of(s) return tonumber(s:match("^(%d+)")) end

-- The year for a month (and day) without one: the article's, moved by the tense.
local function infer_year(ref, m, d, tense)
  local y, rm, rd = civil_from_days(ref)
  d = d or 1
  if tense == "past" and (m > rm or (m == rm and d > rd)) and m - rm >= 2 then return y - 1 end
  if tense == "future" and (m < rm or (m == rm and d < rd)) and rm - m >= 2 then return y + 1 end
  return y
end

local function month_range(y, m)
  return ("%04d-%02d-01"):format(y, m), ("%04d-%02d-%02d"):format(y, m, days_in_month(y, m))
end

local OPTIONS = { annotate = "boolean", date = "string", nlp = "userdata" }

--- dates(doc [, opts]) -> { {span=, kind=, value=, from=, to=, prep=, tense=} }, in Lua: the
-- reference that the C twin (M.extract) must agree with.
function M.extract_lua(doc, opts)
  opts = options.check("dates", opts, OPTIONS, 2)
  local rules = rules_for(doc, opts)
  local meta = doc.meta
  local ref = parse_iso(opts.date or (type(meta) == "table" and meta.date) or "")
  local out = {}
  local taken = {}   -- token -> true, so that rules do not report one date twice
  local matches = rules:match(doc)
  -- where matches overlap, the longest date wins (Feb. 5, 2019 over Feb. 5; May 2019
  -- over in May), not counting a leading preposition
  for _, m in ipairs(matches) do
    local p = m.groups.p
    m.len = m.last - (p and p.last or m.first - 1)
  end
  table.sort(matches, function(a, b)
    if a.len ~= b.len then return a.len > b.len end
    return a.first < b.first
  end)
  for _, m in ipairs(matches) do
    local g = m.groups
    local first, last = m.first, m.last
    if g.p then first = g.p.last + 1 end
    local free = true
    for i = first, last do if taken[i] then free = false break end end
    if not free then goto continue end
    local r = { kind = nil, prep = g.p and g.p.text:lower() or nil }
    local rule = m.rule
    if rule == "month_day" or rule == "day_month" then
      local mo, d = month_of(g.m.text), day_of(g.d.text)
      local y = g.y and tonumber(g.y.text)
      r.kind = "date"
      if not y and ref then
        r.tense = tense_near(doc, first, last)
        y = infer_year(ref, mo, d, r.tense)
      end
      if y and valid(y, mo, d) then r.value = ("%04d-%02d-%02d"):format(y, mo, d)
      elseif y then goto continue end
    elseif rule == "iso" then
      local z = parse_iso(g.d.text)
      if not z then goto continue end
      r.kind, r.value = "date", iso(z)
    elseif rule == "month_year" or rule == "month" then
      local mo = month_of(g.m.text)
      local y = g.y and tonumber(g.y.text)
      local rel = r.prep
      r.kind = "month"
      if rule == "month" then
        if rel == "last" or rel == "next" or rel == "this" then
          -- "last March": the span keeps the modifier
          first, r.prep = g.p.first, nil
        end
        if ref then
          local ry, rm = civil_from_days(ref)
          if rel == "last" then y = mo < rm and ry or ry - 1
          elseif rel == "next" then y = mo > rm and ry or ry + 1
          else
            r.tense = tense_near(doc, first, last)
            y = infer_year(ref, mo, nil, r.tense)
          end
        end
      end
      if y then r.from, r.to = month_range(y, mo) end
    elseif rule == "weekday" then
      -- by its norm, as the rule matched it (`Mönday`, a full-width `ＭＯＮＤＡＹ`)
      local wd = WEEKDAYS[doc[g.w.first].norm]
      local rel = r.prep
      r.kind = "weekday"
      if rel == "last" or rel == "next" or rel == "this" then first, r.prep = g.p.first, nil end
      if ref then
        local rw = weekday_of(ref)
        local back = (rw - wd) % 7          -- days back to the most recent such day
        local fwd = (wd - rw) % 7           -- days on to the next one
        local z
        if rel == "last" then
          z = ref - (back == 0 and 7 or back)
        elseif rel == "next" then
          z = ref + (fwd == 0 and 7 or fwd)
        else
          r.tense = tense_near(doc, first, last)
          z = r.tense == "future" and ref + fwd or ref - back
        end
        r.value = iso(z)
      end
    elseif rule == "deictic" then
      local w = g.w.text:lower()
      r.kind = "relative"
      if ref then
        r.value = iso(ref + (w == "yesterday" and -1 or w == "tomorrow" and 1 or 0))
      end
    elseif rule == "relative" then
      local rel, unit = g.rel.text:lower(), g.unit.text:lower()
      r.kind = "relative"
      if ref then
        local shift = rel == "last" and -1 or rel == "next" and 1 or 0
        local y, mo = civil_from_days(ref)
        if unit == "week" then
          local monday = ref - weekday_of(ref) + 7 * shift
          r.from, r.to = iso(monday), iso(monday + 6)
        elseif unit == "weekend" then
          local sat = ref - weekday_of(ref) + 5 + 7 * shift
          if rel == "last" and weekday_of(ref) >= 5 then sat = sat + 7 end
          r.from, r.to = iso(sat), iso(sat + 1)
        elseif unit == "month" then
          mo = mo + shift
          if mo == 0 then y, mo = y - 1, 12 elseif mo == 13 then y, mo = y + 1, 1 end
          r.from, r.to = month_range(y, mo)
        elseif unit == "year" then
          r.from, r.to = ("%04d-01-01"):format(y + shift), ("%04d-12-31"):format(y + shift)
        else
          -- this morning / last night: one day
          r.value = iso(ref + ((rel == "last") and -1 or 0))
        end
      end
    elseif rule == "ago" then
      local n = tonumber(g.n.text) or NUMBER_WORDS[g.n.text:lower()]
      n = n and math.tointeger(n)      -- `1.5 days ago` names no day
      local unit = g.unit.text:lower():gsub("s$", "")
      r.kind = "relative"
      if ref and n then
        if unit == "day" then r.value = iso(ref - n)
        elseif unit == "week" then r.value = iso(ref - 7 * n) end
      end
    elseif rule == "year" or rule == "decade" or rule == "mid_year" then
      local y = tonumber(g.y.text:match("(%d%d%d%d)"))
      r.kind = "year"
      if rule == "year" and (y < 1800 or y > 2100) then goto continue end
      if rule == "year" and (r.prep == "its" or r.prep == "their") then first, r.prep = g.y.first, nil end
      if rule == "decade" then
        r.kind, r.from, r.to = "decade", ("%04d-01-01"):format(y), ("%04d-12-31"):format(y + 9)
      else
        r.from, r.to = ("%04d-01-01"):format(y), ("%04d-12-31"):format(y)
      end
    end
    for i = first, last do taken[i] = true end
    r.span = Span.new(doc, first, last, "DATE", { source = "dates" })
    out[#out + 1] = r
    ::continue::
  end
  table.sort(out, function(a, b) return a.span.first < b.span.first end)
  if opts.annotate ~= false and #out > 0 then
    local spans = {}
    for i, r in ipairs(out) do spans[i] = r.span end
    doc:add_ents(spans)
  end
  return out
end

--- The same extractor in C (csrc/glean_dates.c, glean_dates_resolve.c) for an nlp: the
-- word sets, maps and patterns above, handed over once.
local twin_for = require("glean.extract.per_nlp")(function(nlp)
  local sets = { future = FUTURE_WORDS, past = PAST_WORDS }
  for name, list in pairs(SETS) do sets[name] = list end
  return require("glean.core").dates_new(nlp, sets,
    { weekdays = WEEKDAYS, months = MONTHS, numbers = NUMBER_WORDS }, PATTERNS, Span)
end)

-- doc:add_ents(spans of out) for the twin's records, whose spans are in text order and
-- overlap no other: add_ents's own merge (doc:_merge_ents) without its sort and checks,
-- which cost more than the whole twin; it copies doc.ents only when a span is kept
-- (most dates are DATE entities already). Not in text order, doc.ents goes to add_ents.
local function add_dates(doc, out)
  local spans = {}
  for i, r in ipairs(out) do spans[i] = r.span end
  if not sort.in_text_order(doc.ents) then return doc:add_ents(spans) end
  return doc:_merge_ents(spans)
end

--- dates(doc [, opts]): what M.extract_lua gives, from the C twin.
function M.extract(doc, opts)
  opts = options.check("dates", opts, OPTIONS, 2)
  local twin = twin_for(doc, opts)
  local meta = doc.meta
  local date = opts.date or (type(meta) == "table" and meta.date) or ""
  local out = twin:_run(doc, tostring(date))
  if opts.annotate ~= false and #out > 0 then add_dates(doc, out) end
  return out
end

return M
