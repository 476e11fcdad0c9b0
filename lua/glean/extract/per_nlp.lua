--- per_nlp(build) -> function(doc [, opts]) -> what build(nlp) made for the doc's nlp
-- (opts.nlp when given). The extractors compile their rule sets once per nlp: rules
-- cache their tests per token type of that nlp's lexicon, so one set per nlp is also
-- the fastest. Kept only while the nlp lives (weak keys).
return function(build)
  local cache = setmetatable({}, { __mode = "k" })
  return function(doc, opts)
    local nlp = opts and opts.nlp or doc.nlp
    local made = cache[nlp]
    if not made then
      made = build(nlp)
      cache[nlp] = made
    end
    return made
  end
end
