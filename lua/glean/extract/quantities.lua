--- glean.extract.quantities(doc [, opts]) -> money, percentages and measured numbers.
--
--   for _, q in ipairs(glean.extract.quantities(doc)) do print(q.kind, q.span.text, q.value, q.unit) end
--
-- Each result: span, kind ("money", "percent" or "number"), value (a Lua number, scale
-- words applied: "$1.13bn" -> 1130000000, "10 per cent" -> 10) and unit (an ISO 4217
-- code for money when the currency is known — "USD", "EUR", "GBP", "JPY", "CNY", "INR",
-- "CHF", "AUD", "CAD", "HKD", "SGD", "NZD"; the symbol or word otherwise — "%" for
-- percentages, "percentage point", or the unit of a measure: "km", "tonnes", "MW" ...;
-- nil for a bare scaled number such as "3 million").
--
-- What counts:
--  * money: a currency sign or code before the amount ($40, US$40, €2.5bn, £600m,
--    USD 40, HK$3, £40K) or a currency word after it (2.5 billion euros, 40 US dollars),
--    or pence (80p, unit "GBp");
--    "$" alone is taken as US dollars.
--  * percent: 10%, 10 per cent, 10 percent, ten percent, 2 percentage points.
--  * number: a number with a scale word (3 million, 2.5bn, 40k) or a unit (12 km,
--    12km, 375mm, 14.27 million tonnes, 2,048 pixels is not: "pixels" is no unit).
-- Plain counts (464,000 subscribers), years, dates, times and codes are not quantities;
-- 5G, 3GPP, G7, 4K, MP3 are names, not numbers with units.
--
-- Suffixes glued to numbers follow British and American news style: "m" and "mn" are
-- millions ("£600m", "a 100m sprint" is therefore 100 million: write "100 m" or
-- "100 metres" for metres), "bn" billions, "tn"/"trn" trillions, "k" thousands.
--
-- opts: nlp (default: the nlp that parsed the doc).
local glean = require "glean"
local options = require "glean.options"
local Span = require "glean.span"

local M = {}

local SCALES = { thousand = 1e3, million = 1e6, billion = 1e9, trillion = 1e12,
  k = 1e3, m = 1e6, mn = 1e6, mln = 1e6, bn = 1e9, b = 1e9, tn = 1e12, trn = 1e12,
  lakh = 1e5, crore = 1e7 }

-- Currency signs (the token text) and prefixes glued before "$".
local SIGNS = { ["$"] = "USD", ["€"] = "EUR", ["£"] = "GBP", ["¥"] = "JPY", ["₹"] = "INR",
  ["₩"] = "KRW", ["₽"] = "RUB", ["₺"] = "TRY", ["₪"] = "ILS", ["₦"] = "NGN", ["฿"] = "THB" }
local DOLLAR_PREFIX = { US = "USD", A = "AUD", AU = "AUD", C = "CAD", CA = "CAD", HK = "HKD",
  S = "SGD", NZ = "NZD", NT = "TWD", R = "BRL" }
local CODES = { USD = "USD", EUR = "EUR", GBP = "GBP", JPY = "JPY", CNY = "CNY", RMB = "CNY",
  CHF = "CHF", INR = "INR", AUD = "AUD", CAD = "CAD", HKD = "HKD", SGD = "SGD", NZD = "NZD",
  Rs = "INR", ["Rs."] = "INR", SFr = "CHF" }
local CURRENCY_WORDS = { dollar = "USD", dollars = "USD", euro = "EUR", euros = "EUR",
  pound = "GBP", pounds = "GBP", sterling = "GBP", yen = "JPY", yuan = "CNY",
  renminbi = "CNY", rupee = "INR", rupees = "INR", franc = "CHF", francs = "CHF",
  cent = "cent", cents = "cent", pence = "GBp", p = "GBp", won = "KRW", roubles = "RUB",
  rubles = "RUB", pesos = "peso", rand = "ZAR", reais = "BRL", dinars = "dinar" }

-- Units of measure (token norms), with the unit reported.
local UNITS = {}
for u in ([[km m cm mm kg mg mph kmh km/h ft lb lbs oz mw gw kw kwh mwh gwh tw twh
  gb mb tb kb gbps mbps kbps ghz mhz khz hz bpd]]):gmatch("%S+") do UNITS[u] = u end
for u in ([[kilometres kilometers metres meters centimetres centimeters millimetres
  millimeters miles feet foot inches yards tonnes tons tonne ton kilograms kilos grams pounds-weight
  litres liters gallons barrels acres hectares degrees megawatts gigawatts kilowatts
  megabytes gigabytes terabytes bytes bits hours minutes seconds]]):gmatch("%S+") do UNITS[u] = u end
local UNIT_CASE = { mw = "MW", gw = "GW", kw = "kW", kwh = "kWh", mwh = "MWh", gwh = "GWh",
  tw = "TW", twh = "TWh", gb = "GB", mb = "MB", tb = "TB", kb = "kB", gbps = "Gbps",
  mbps = "Mbps", kbps = "kbps", ghz = "GHz", mhz = "MHz", khz = "kHz", hz = "Hz" }

local NUMBER_WORDS = { one = 1, two = 2, three = 3, four = 4, five = 5, six = 6, seven = 7,
  eight = 8, nine = 9, ten = 10, eleven = 11, twelve = 12, thirteen = 13, fourteen = 14,
  fifteen = 15, sixteen = 16, seventeen = 17, eighteen = 18, nineteen = 19, twenty = 20,
  thirty = 30, forty = 40, fifty = 50, sixty = 60, seventy = 70, eighty = 80, ninety = 90,
  hundred = 100, dozen = 12, half = 0.5 }

local function words(t)
  local out = {}
  for k in pairs(t) do
    if k:find("^[%a]+$") then out[#out + 1] = k end
  end
  table.sort(out)
  return "{" .. table.concat(out, " ") .. "}"
end

-- A number token: 40, 2.5, 1,000 (like_num) or a number glued to a suffix: 2.5bn, 600m.
local NUM = "(<num>|/^%d[%d,]*%.?%d*%a+$/)"
local SCALE = "{thousand million billion trillion mn bn tn lakh crore}"

local function build_rules(nlp)
  local r = glean.rules(nlp)
  local code_list = {}
  for k in pairs(CODES) do code_list[#code_list + 1] = "'" .. k .. "'" end
  table.sort(code_list)
  -- $40, US$40, €2.5bn, £600m, $3 million
  r:add("money_sign", "cur:<currency> n:" .. NUM .. " scale:" .. SCALE .. "?")
  -- USD 40, Rs 500
  r:add("money_code", "cur:{" .. table.concat(code_list, " ") .. "} n:" .. NUM .. " scale:" .. SCALE .. "?")
  -- 2.5 billion euros, 40 US dollars, 80p
  r:add("money_word", "n:" .. NUM .. " scale:" .. SCALE .. "? us:{us u.s. american australian canadian"
    .. " hong singapore new}? cur:" .. words(CURRENCY_WORDS))
  -- 10%, 10 per cent, 10 percent, 2 percentage points
  r:add("percent", "n:" .. NUM .. " pc:('%' | per cent | percent | pc | \"percentage point\""
    .. " | \"percentage points\")")
  -- 3 million, 14.27 million tonnes, 12 km
  r:add("number_scale", "n:" .. NUM .. " scale:" .. SCALE .. " unit:" .. words(UNITS) .. "?")
  r:add("number_unit", "n:" .. NUM .. " unit:" .. words(UNITS))
  -- a glued number alone: 2.5bn, 12km, 375mm
  r:add("glued", "n:/^%d[%d,]*%.?%d*%a+$/")
  return r
end

local rules_for = require("glean.extract.per_nlp")(build_rules)

-- The value of a number token and the suffix glued to it ("2.5bn" -> 2.5, "bn"), or nil.
local function number_of(text)
  local digits, suffix = text:match("^(%d[%d,]*%.?%d*)(%a*)$")
  if digits then
    local v = tonumber((digits:gsub(",", "")))
    if not v then return nil end
    return v, suffix ~= "" and suffix or nil
  end
  local v = NUMBER_WORDS[text:lower()]
  if v then return v end
  return nil
end

-- Applies a glued suffix: a scale (bn, m, k) or a unit (km, mm). Returns value, unit or
-- nil. An upper-case K is thousands only after a currency sign (£40K, not 4K), a
-- single letter is never a unit (5G), p is pence (80p, not 1080p).
local function apply_suffix(v, suffix, money)
  if not suffix then return v end
  local s = suffix:lower()
  if suffix == "K" and not money then return nil end
  if s == "p" then
    if v < 1000 and not money then return v, "GBp" end
    return nil
  end
  if SCALES[s] then return v * SCALES[s] end
  if UNITS[s] and #s > 1 then return v, UNIT_CASE[s] or s end
  return nil  -- 5G, 4K, 3GPP: a name
end

-- 1.13 * 1e9 is 1129999999.9999998 in floating point: round what is meant to be whole.
local function tidy(v)
  local r = math.floor(v + 0.5)
  if math.abs(v - r) <= 1e-9 * math.abs(v) then return math.tointeger(r) or r end
  return v
end

local OPTIONS = { nlp = "userdata" }

--- quantities(doc [, opts]) -> { {span=, kind=, value=, unit=} }
function M.extract(doc, opts)
  opts = options.check("quantities", opts, OPTIONS, 2)
  local rules = rules_for(doc, opts)
  local cands = {}
  for k, m in ipairs(rules:match(doc)) do
    local g = m.groups
    local v, suffix = number_of(g.n.text)
    if not v then goto continue end
    local value, unit = apply_suffix(v, suffix, m.rule == "money_sign" or m.rule == "money_code")
    if not value then goto continue end
    local first, last = m.first, m.last
    local scale = g.scale and SCALES[g.scale.text:lower()]
    if scale then
      if suffix then goto continue end   -- "2.5bn million"
      value = value * scale
    end
    local r = { rank = 3, order = k }
    local rule = m.rule
    if rule == "money_sign" or rule == "money_code" then
      if unit then goto continue end     -- "$12km"
      local cur = g.cur.text
      local code = SIGNS[cur] or CODES[cur] or cur
      if cur == "$" and first > 1 then
        -- US$40, HK$3: a prefix glued to the sign
        local prev = doc[first - 1]
        if DOLLAR_PREFIX[prev.text] and prev.stop + 1 == doc[first].start then
          code, first = DOLLAR_PREFIX[prev.text], first - 1
        end
      end
      r.kind, r.value, r.unit, r.rank = "money", value, code, 1
    elseif rule == "money_word" then
      if unit then goto continue end
      local cur = g.cur.text:lower()
      local code = CURRENCY_WORDS[cur]
      if g.us and code == "USD" then
        local us = g.us.text:lower()
        code = (us == "australian" and "AUD") or (us == "canadian" and "CAD") or (us == "hong" and "HKD")
          or (us == "singapore" and "SGD") or (us == "new" and "NZD") or "USD"
      elseif g.us then
        goto continue                    -- "5 new pounds": not a currency prefix
      end
      if cur == "p" and g.cur.first ~= m.first + 1 then goto continue end
      r.kind, r.value, r.unit, r.rank = "money", value, code, 1
    elseif rule == "percent" then
      if unit or suffix then goto continue end
      local pc = g.pc.text:lower()
      r.kind, r.value, r.rank = "percent", value, 2
      r.unit = pc:find("point") and "percentage point" or "%"
    elseif rule == "number_scale" or rule == "number_unit" then
      if suffix and rule == "number_unit" then goto continue end  -- "2.5bn tonnes" is number_scale's job
      local u = g.unit and g.unit.text:lower()
      r.kind, r.value, r.unit = "number", value, u and (UNIT_CASE[u] or u) or unit
    elseif rule == "glued" then
      if not suffix then goto continue end
      if unit == "GBp" then
        r.kind, r.value, r.unit, r.rank = "money", value, unit, 1
      else
        r.kind, r.value, r.unit, r.rank = "number", value, unit, 4
      end
    end
    r.span = Span.new(doc, first, last, nil, { source = "quantities" })
    cands[#cands + 1] = r
    ::continue::
  end
  -- overlaps: money, then percentages, then numbers; longer before shorter
  table.sort(cands, function(a, b)
    if a.rank ~= b.rank then return a.rank < b.rank end
    local la, lb = a.span.last - a.span.first, b.span.last - b.span.first
    if la ~= lb then return la > lb end
    return a.span.first < b.span.first
  end)
  local taken, out = {}, {}
  for _, r in ipairs(cands) do
    local free = true
    for i = r.span.first, r.span.last do if taken[i] then free = false break end end
    if free then
      for i = r.span.first, r.span.last do taken[i] = true end
      r.rank, r.order, r.value = nil, nil, tidy(r.value)
      out[#out + 1] = r
    end
  end
  table.sort(out, function(a, b) return a.span.first < b.span.first end)
  return out
end

return M
