-- Tokenizer: every English case API.md lists, other scripts, grapheme clusters, options.
local glean = require "glean"
local h = require "spec.helpers"

describe("the English tokenizer", function()
  local nlp = glean.new()
  local function check(text, want) assert.are.equal(want, h.split(nlp, text), text) end

  it("splits clitics and possessives with ' and ’", function()
    check("Huawei’s gear", "Huawei|’s|gear")
    check("Huawei's gear", "Huawei|'s|gear")
    check("don't", "do|n't")
    check("don’t", "do|n’t")
    check("can't won't", "ca|n't|wo|n't")
    check("I'm they're we've you'll she'd", "I|'m|they|'re|we|'ve|you|'ll|she|'d")
    check("workers' rights", "workers|'|rights")
    check("O'Brien's", "O'Brien|'s")
    check("cannot", "can|not")
  end)

  it("keeps abbreviations whole", function()
    check("U.S. Co. Mr. Jan. e.g.", "U.S.|Co.|Mr.|Jan.|e.g.")
    check("Huawei Technologies Co. says", "Huawei|Technologies|Co.|says")
    check("the U.K., the E.U.", "the|U.K.|,|the|E.U.")
    check("J. K. Rowling", "J.|K.|Rowling")
    check("at 5 p.m. today", "at|5|p.m.|today")
    check("Ph.D. students", "Ph.D.|students")
  end)

  it("splits a final period that is not an abbreviation", function()
    check("He left.", "He|left|.")
    check("in 2019.", "in|2019|.")
  end)

  it("handles numbers", function()
    check("5G", "5G")
    check("2.5bn", "2.5bn")
    check("1,000", "1,000")
    check("10%", "10|%")
    check("$40", "$|40")
    check("£15.8m", "£|15.8m")
    check("3:30", "3:30")
    check("2019-02-05", "2019-02-05")
    check("-5 and +44", "-|5|and|+|44")            -- signs split, as in UD
    check("a 15-year term", "a|15|-|year|term")
    check("08/16/2000", "08/16/2000")
    check("call 853-3242 or 713-664-7478", "call|853-3242|or|713-664-7478")  -- phone numbers
    check("won 4-0, in 1946-1954", "won|4|-|0|,|in|1946|-|1954")           -- scores, ranges
    check("the 80's and '67", "the|80's|and|'67")
    check("Paper4.pdf attached", "Paper4.pdf|attached")
  end)

  it("keeps URLs, e-mail addresses, handles and hashtags whole", function()
    check("see https://www.example.com/a/b?x=1&y=2.", "see|https://www.example.com/a/b?x=1&y=2|.")
    check("(www.bbc.co.uk)", "(|www.bbc.co.uk|)")
    check("visit bbc.co.uk/news now", "visit|bbc.co.uk/news|now")
    check("mail press@huawei.com,", "mail|press@huawei.com|,")
    check("@StateDept said", "@StateDept|said")
    check("#5G #Huawei", "#5G|#Huawei")
  end)

  it("makes quotes and brackets their own tokens", function()
    check("“multiple tracks”,", "“|multiple|tracks|”|,")
    check('"quoted"', '"|quoted|"')
    check("agency (BSI),", "agency|(|BSI|)|,")
    check("[a] {b}", "[|a|]|{|b|}")
    check("‘single’", "‘|single|’")
  end)

  it("splits hyphens as Universal Dependencies does", function()
    check("a no-spy agreement", "a|no|-|spy|agreement")
    check("the U.S.-led NATO alliance", "the|U.S.|-|led|NATO|alliance")
    check("e-mail, co-op, non-human, re-elect", "e-mail|,|co-op|,|non-human|,|re-elect")
    check("self-driven", "self|-|driven")
    check("espionage – a concern", "espionage|–|a|concern")
    check("word--word", "word|--|word")
  end)

  it("keeps hyphenated words whole with split_hyphens=false", function()
    local keep = glean.new { split_hyphens = false }
    assert.are.equal("a|no-spy|agreement", h.split(keep, "a no-spy agreement"))
    assert.are.equal("U.S.|-|led", h.split(keep, "U.S.-led"))
  end)

  it("splits runs of punctuation into one token per run", function()
    check("Wait... what?!", "Wait|...|what|?!")
    check("Really!!!", "Really|!!!")
    check("so…", "so|…")
    check("a / b and/or c", "a|/|b|and|/|or|c")
    check("really.? ok!. ----== ***", "really|.?|ok|!.|----==|***")
    check("=======", "=======")
    check(">> $$$", ">>|$$$")
  end)

  it("keeps emoji, flags and other grapheme clusters whole", function()
    check("ok👍🏽!", "ok|👍🏽|!")                       -- skin tone modifier
    check("family 👨‍👩‍👧 here", "family|👨‍👩‍👧|here")     -- ZWJ sequence
    check("🇩🇪🇫🇷", "🇩🇪|🇫🇷")                          -- regional indicator pairs
    check("café", "café")                               -- precomposed
    check("cafe\u{301}s", "cafe\u{301}s")              -- combining mark stays on its letter
    check("1️⃣ x", "1️⃣|x")                              -- keycap sequence
  end)

  it("forms words from letters of every script", function()
    check("Меркель сказала", "Меркель|сказала")
    check("Ελλάδα και", "Ελλάδα|και")
    check("مرحبا بالعالم", "مرحبا|بالعالم")
    check("हिन्दी भाषा", "हिन्दी|भाषा")
    check("한국어 문장", "한국어|문장")
  end)

  it("gives Han, Hiragana, Katakana and Thai characters one token each", function()
    check("华为公司", "华|为|公|司")
    check("ファーウェイ", "フ|ァ|ー|ウ|ェ|イ")
    check("ひらがな", "ひ|ら|が|な")
    check("สวัสดี", "ส|วั|ส|ดี")
    check("5G网络", "5G|网|络")
  end)

  it("does not make tokens of white space but records it in space_after", function()
    local doc = nlp:parse("  Hello,\u{00A0}world \n\n end ")
    assert.are.same({ "Hello", ",", "world", "end" }, h.texts(doc))
    assert.is_false(doc[1].space_after)
    assert.are.equal("", doc[1].whitespace)
    assert.is_true(doc[2].space_after)
    assert.are.equal("\u{00A0}", doc[2].whitespace)
    assert.are.equal(" \n\n ", doc[3].whitespace)
    assert.is_true(doc[4].space_after)
  end)
end)

describe("token attributes", function()
  local nlp = glean.new()

  it("are computed per type: norm, lower, shape, length", function()
    local doc = nlp:parse("Huawei’s CAFÉ 2019 U.S. Xxxxxxxx")
    local t = doc[1]
    assert.are.equal("huawei", t.norm)
    assert.are.equal("huawei", t.lower)
    assert.are.equal("Xxxxx", t.shape)
    assert.are.equal(6, t.length)
    assert.are.equal("'s", doc[2].norm)            -- punctuation folded in the search key
    assert.are.equal("’s", doc[2].lower)
    assert.are.equal("cafe", doc[3].norm)          -- marks stripped
    assert.are.equal("café", doc[3].lower)
    assert.are.equal("XXXX", doc[3].shape)
    assert.are.equal("dddd", doc[4].shape)
    assert.are.equal("X.X.", doc[5].shape)
    assert.are.equal("Xxxxx", doc[6].shape)        -- runs longer than 4 collapse
    assert.are.equal(4, #doc[3])                   -- #token is its length in code points
  end)

  it("has every flag API.md names", function()
    local doc = nlp:parse("The BIG cat, “said” $5 (10) https://x.org a@b.com 42 ten")
    local by = {}
    for tok in doc:tokens() do by[tok.text] = tok end
    assert.is_true(by.The.is_title and by.The.is_stop and by.The.is_alpha)
    assert.is_true(by.BIG.is_upper and not by.BIG.is_lower)
    assert.is_true(by.cat.is_lower)
    assert.is_true(by[","].is_punct)
    assert.is_true(by["“"].is_quote and by["“"].is_punct)
    assert.is_true(by["$"].is_currency)
    assert.is_true(by["("].is_bracket and by[")"].is_bracket)
    assert.is_true(by["https://x.org"].like_url)
    assert.is_true(by["a@b.com"].like_email)
    assert.is_true(by["42"].is_digit and by["42"].like_num)
    assert.is_true(by.ten.like_num)
    assert.is_false(by.cat.is_space)
    assert.is_true(doc[1].is_sent_start)
    assert.is_false(doc[2].is_sent_start)
  end)

  it("interns each distinct string once per nlp", function()
    local n2 = glean.new()
    local doc = n2:parse("the cat and the dog and the bird")
    assert.are.equal(5, n2:type_count())
    assert.are.equal(doc[1].type_id, doc[4].type_id)
    assert.are.equal(doc[1].type_id, doc[7].type_id)
    n2:parse("the cat")
    assert.are.equal(5, n2:type_count())
  end)
end)

describe("glean.new options", function()
  it("adds special cases", function()
    local nlp = glean.new { special = { ["5G"] = { "5", "G" }, ["gimme"] = { "gim", "me" } } }
    assert.are.equal("a|5|G|network|gim|me", h.split(nlp, "a 5G network gimme"))
  end)

  it("rejects special cases whose pieces do not spell them", function()
    assert.has_error(function() glean.new { special = { ["5G"] = { "5", "H" } } } end,
      "glean.new: special case '5G': its pieces must spell it exactly")
  end)

  it("adds abbreviations", function()
    local plain = glean.new()
    assert.are.equal("esp|.|five", h.split(plain, "esp. five"))
    local nlp = glean.new { abbreviations = { "esp.", "Esp." } }
    assert.are.equal("esp.|five", h.split(nlp, "esp. five"))
    assert.has_error(function() glean.new { abbreviations = { "esp" } } end)
  end)

  it("lang='none' has no English clitics or abbreviation list", function()
    local nlp = glean.new { lang = "none" }
    assert.are.equal("don't", h.split(nlp, "don't"))
    assert.are.equal("Co|.", h.split(nlp, "Co."))
    assert.are.equal("U.S.", h.split(nlp, "U.S."))   -- the pattern still applies
    assert.is_false(nlp:parse("the")[1].is_stop)
  end)

  it("rejects unknown option keys and bad values", function()
    assert.has_error(function() glean.new { split_hyphen = false } end)
    assert.has_error(function() glean.new { lang = "fr" } end)
    assert.has_error(function() glean.new { invalid = "ignore" } end)
    assert.has_error(function() glean.new "en" end)
    local ok, err = pcall(glean.new, { langg = "en" })
    assert.is_false(ok)
    assert.matches("unknown option 'langg'", err)
  end)
end)
