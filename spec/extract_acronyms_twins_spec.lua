-- The acronym extractor's two implementations: the Lua one (lua/glean/extract/acronyms.lua,
-- M.extract_lua, the reference an analyst reads) and its C twin (csrc/glean_acronyms.c,
-- glean_acronyms_long.c, glean_acronyms_label.c: what glean.extract.acronyms runs) must
-- give the same definitions (every field, the labels included) and leave the same
-- doc.ents, on real text, on text made to reach every branch, and with every option.
-- bench/eval/acronyms_twins_eval.lua compares them on the whole BBC and CoNLL corpora.
local glean = require "glean"
local helpers = require "spec.helpers"
local twins = require "spec.twins"
local Span = require "glean.span"
local A = require "glean.extract.acronyms"
local E = require "glean.extract.entities"

local nlp = glean.new()
local article = helpers.read("examples/huawei-5g.txt")

local function span(s)
  return table.concat({ s.first, s.last, s.start, s.stop, tostring(s.label), tostring(s.source),
    tostring(getmetatable(s) == Span) }, ",")
end

local function dump(defs)
  local out = {}
  for i, r in ipairs(defs) do
    local keys = {}
    for k in pairs(r) do keys[#keys + 1] = k end
    table.sort(keys)
    out[i] = table.concat({ r.short, r.long, span(r.short_span), span(r.long_span), r.form,
      r.method, tostring(r.label), table.concat(keys, ",") }, " | ")
  end
  return out
end

-- The first difference between the twins on text (nil when none), and the count.
local function compare(text, opts_of, prepare, parser)
  return twins.compare(text, { parser = parser or nlp, mod = A, dump = dump, opts_of = opts_of,
    prepare = prepare })
end

-- doc.ents over every long form the Lua finds (labels ORG, or `label` when given, the
-- k-th one false when false_at = k): the labels and occurrences of every definition.
local function long_form_ents(label, false_at, before)
  return function(doc)
    local spans = {}
    for k, r in ipairs(A.extract_lua(doc.nlp:parse(doc.text), { annotate = false })) do
      local first = r.long_span.first
      if before and first > 1 then first = first - 1 end   -- from the token before it
      local s = doc:span(first, r.long_span.last, label or "ORG")
      if k == false_at then s.label = false end
      spans[#spans + 1] = s
    end
    doc:add_ents(spans)
  end
end

-- Sentences that reach every branch of acronyms.lua.
local PIECES = {
  "Arts Alliance Digital Cinema (AADC) and the Food and Agriculture Organisation (FAO) met.",
  "the Federal Network Agency (BNetzA) said BNetzA would act; BNetzA rules apply.",
  "the Group of Seven (G7), the Group of 20 (G20), the Group of Eight (G8) and G7 leaders",
  "Third Generation Partnership Project (3GPP) and the third generation partnership project (3GPP)",
  "the cyber defense agency (BSI) and Bundesamt fur Sicherheit in der Informationstechnik (BSI)",
  "BSI (Federal Office for Information Security) and WHO (World Health Organization) and G7 (Group of Seven)",
  "Association of Leading Visitor Attractions (Alva) and North Atlantic Treaty Organisation (Nato)",
  "LONDON (Reuters) - the news agency (Reuters) said; the news agency said (Reuters).",
  "the Federal Office (\"BSI\") and the Federal Office (“BSI”) and the Federal Office ('BSI')",
  "American Telephone and Telegraph (AT&T) and research and development (R&D) and U.N. (United Nations)",
  "coronavirus disease 2019 (COVID-19), the United Nations (U.N.) and the U.S. (United States)",
  "a personal video recorder (PVR), 220 kilovolt (KV) lines and a cash reserve ratio (CRR)",
  "the International Monetary Fund (IMF), the IMF said, and IMF staff; (IMF) again",
  "Mr Smith (MS), the Ministry of Defence (MoD), the MOD and the Department for Education (DfE)",
  "(ABC) at the start; AB (x y z) and ABC (a b c d e f g h i j k l m n) and XY (( nested ))",
  "Liberal Democrats (LD), the Scottish National Party (SNP); the SNP, LD; the Green Party (GP)",
  "European Central Bank (ECB) and the European Commission (EC) and the European Union (EU)",
  "National Health Service (NHS), British Broadcasting Corporation (BBC), Confederation of British Industry (CBI)",
  "Office for National Statistics (ONS), Bank of England (BoE), Trades Union Congress (TUC), Crown Prosecution Service (CPS)",
  "the Organisation for Economic Co-operation and Development (OECD) and the World Trade Organisation (WTO)",
  "THE FEDERAL NETWORK AGENCY (BNETZA) AND THE GROUP OF SEVEN (G7)",
  "the the the agency (TTA), a new a agency (ANA), an old body (OB), the body (TB)",
  "the long name of a thing that goes on and on and on (LNT) and ((( AB ))) and ( AB )",
  "Deutsche Telekom (DT) said DT and DT's rivals; Huawei Technologies (HT); HT 2019",
  "x (AB) y (A1) z (11) w (a1) v (Ab) u (ABCDEFGHIJK) t (A-B) s (A.B.) r (&A)",
  "The Alva (Association of Leading Visitor Attractions) and Nato (North Atlantic Treaty Organisation)",
  "Association of Leading Visitor Attractions (Alva), the association of leading visitor attractions (Alva)",
  "Leading Visitors Attractions (Alva); Visitor Attractions (Alva); Ltd Visitors (Alva)",
  -- the limits: the window's max words, 12 tokens inside brackets, a sentence start
  "Alpha of Bravo of Charlie of Delta of Echo of Foxtrot (ABCDEF); x Alpha of Bravo (AB)",
  "AB (alpha x x bravo) and AB (alpha x x x bravo) and ABC (alpha bravo x x x x x charlie)",
  "ABC (x x x x x x x x x alpha bravo charlie) and ABC (x x x x x x x x x x alpha bravo charlie)",
  "Bundesamt Fur Sicherheit (BSI) said so. Das Bundesamt Fur Sicherheit (BSI) said so.",
  "Bundesamt Fur Sicherheit (BXQ) said so, said Bundesamt Fur Sicherheit (BXQ).",
  "the seven nations group (G7) and the group of eight (G8X) and the nine (N9)",
}


describe("the acronym extractor's C and Lua twins", function()
  it("agree on the bundled article, with and without entities", function()
    local diff, n = compare(article)
    assert.is_nil(diff)
    assert.equal(1, n)   -- the cyber defense agency (BSI)
    assert.is_nil(compare(article, nil, E.extract))
    assert.is_nil(compare(article, function() return { annotate = false } end, E.extract))
  end)

  it("agree on every piece, alone and with entities over the long forms", function()
    for _, p in ipairs(PIECES) do
      assert.is_nil(compare(p), p)
      assert.is_nil(compare(p, nil, E.extract), p)
      assert.is_nil(compare(p, nil, long_form_ents()), p)
      assert.is_nil(compare(p, nil, long_form_ents("ORG", 1, true)), p)
      assert.is_nil(compare(p, function() return { annotate = false } end, long_form_ents()), p)
    end
  end)

  it("agree on labels and occurrences with up to 8 short forms and with more", function()
    local few = table.concat(PIECES, " ", 1, 3)
    local many = table.concat(PIECES, "\n")
    for _, text in ipairs({ few, many }) do
      local diff, n = compare(text, nil, long_form_ents())
      assert.is_nil(diff)
      assert.is_true(n > 0)
      -- a false label: kept by the Lua's label_of and given again by a later definition
      for k = 1, 12 do
        assert.is_nil(compare(text, nil, long_form_ents("ORG", k)), "false at " .. k)
        assert.is_nil(compare(text, nil, long_form_ents("ORG", k, true)), "false at " .. k)
      end
    end
    local doc = nlp:parse(many)
    long_form_ents()(doc)
    local before = #doc.ents
    local labelled = 0
    for _, r in ipairs(A.extract(doc)) do if r.label then labelled = labelled + 1 end end
    assert.is_true(labelled > 8, "labelled: " .. labelled)
    assert.is_true(#doc.ents > before)
  end)

  it("agree on 400 documents made of the pieces and the article's lines, with every kind of line break", function()
    local lines = helpers.lines_and(article, PIECES)
    math.randomseed(20261208)
    local total = 0
    for k = 1, helpers.scale(400, 60) do
      local text = helpers.mixed_text(lines, 14)
      local annotate = math.random(4) ~= 1
      local prepare = ({ false, E.extract, long_form_ents(), long_form_ents("X", 2, true) })[math.random(4)]
      local diff, n = compare(text, function() return { annotate = annotate } end, prepare or nil)
      assert.is_nil(diff, ("document %d: %s\n%s"):format(k, tostring(diff), text))
      total = total + n
    end
    assert.is_true(total > helpers.scale(400, 40), "definitions found: " .. total)
  end)

  it("agree when doc.ents is out of text order or covers the short forms", function()
    local text = "the Federal Network Agency (BNetzA) said BNetzA would act on BNetzA rules."
    local function shuffled(doc)
      doc.ents = { doc:span(11, 11, "B"), doc:span(2, 4, "ORG") }   -- by hand, not in order
    end
    assert.is_nil(compare(text, nil, shuffled))
    local function covering(doc)
      doc:add_ents({ doc:span(2, 4, "ORG"), doc:span(8, 8, "PERSON"), doc:span(13, 14, "X") })
    end
    assert.is_nil(compare(text, nil, covering))
  end)

  it("agree with the option nlp, and refuse the same nlps", function()
    local other = glean.new()
    assert.is_nil(compare(table.concat(PIECES, " "), function() return { nlp = other } end, E.extract))
    local plain = glean.new { lang = "none" }
    local msg = "the doc was parsed by an nlp with other settings than the rules' (lang, split_hyphens, special cases, abbreviations)"
    assert.has_error(function() A.extract(nlp:parse(article), { nlp = plain }) end, msg)
    assert.has_error(function() A.extract_lua(nlp:parse(article), { nlp = plain }) end, msg)
    local unsplit = glean.new { split_hyphens = false }
    for _, p in ipairs(PIECES) do
      assert.is_nil(compare(p, nil, nil, unsplit), p)
      assert.is_nil(compare(p, nil, nil, plain), p)
    end
  end)

  it("check options identically", function()
    local doc = nlp:parse("the Federal Network Agency (BNetzA)")
    for _, bad in ipairs({ { annotate = 1 }, { date = "2019-02-05" }, { nlp = "x" }, 5 }) do
      local ok1, e1 = pcall(A.extract, doc, bad)
      local ok2, e2 = pcall(A.extract_lua, doc, bad)
      assert.is_false(ok1)
      assert.is_false(ok2)
      assert.equal(e2, e1)
    end
  end)

  it("agree on degenerate text", function()
    local replacing = glean.new { invalid = "replace" }
    for _, text in ipairs({ "", " ", "(", ")", "()", "(((", ")))", "((()))", "(A)", "(AB)", "AB (",
        "AB ()", "AB (x", "AB (x)", "(AB", "AB)", ("(AB) "):rep(1000), ("( "):rep(3000),
        "NUL\0Byte (NB) and NB\0(NB)", "\255Bad Byte (BB)\192 and BB", "Nul (\0) (A\0B)",
        ("Alpha Beta (AB) "):rep(12), "(Reuters)", "A (B) C (D)" }) do
      assert.is_nil(compare(text, nil, nil, replacing), ("%q"):format(text))
      assert.is_nil(compare(text, nil, long_form_ents(), replacing), ("%q"):format(text))
      if utf8.len(text) then assert.is_nil(compare(text), ("%q"):format(text)) end
    end
  end)
end)
