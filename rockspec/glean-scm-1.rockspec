package = "glean"
version = "scm-1"
source = { url = "git+file:///dev/null" }
description = {
  summary = "Fast tokenizing, Unicode normalization and entity matching for news text",
  detailed = [[A C core (tokenizer, lexicon, sentence splitter, normalizer on utf8proc)
exposed as a Lua 5.4 module for short extraction scripts.]],
  license = "MIT",
}
-- argparse and lua-cjson are for the `glean` command. Offline (no rocks server), install
-- Debian's lua-argparse and lua-cjson and run `luarocks make --deps-mode=none`.
dependencies = { "lua >= 5.4, < 5.5", "argparse", "lua-cjson" }
external_dependencies = {
  UTF8PROC = { header = "utf8proc.h", library = "utf8proc" },
}
build = {
  type = "builtin",
  modules = {
    ["glean.core"] = {
      sources = {
        "csrc/glean_common.c", "csrc/glean_utf8.c", "csrc/glean_normalize.c",
        "csrc/glean_chars.c", "csrc/glean_lexicon.c", "csrc/glean_strset.c", "csrc/glean_chunk_cache.c",
        "csrc/glean_tokenize.c", "csrc/glean_tokenize_rules.c", "csrc/glean_sentences.c",
        "csrc/glean_doc.c", "csrc/glean_gazetteer_build.c", "csrc/glean_gazetteer_compile.c",
        "csrc/glean_gazetteer_file.c",
        "csrc/glean_gazetteer_match.c", "csrc/glean_gazetteer_tsv.c",
        "csrc/glean_pattern_compile.c", "csrc/glean_pattern_codegen.c", "csrc/glean_pattern_filters.c",
        "csrc/glean_pattern_parse.c", "csrc/glean_pattern_types.c", "csrc/glean_pattern_match.c",
        "csrc/glean_pattern_pike.c",
        "csrc/lua/glean_lua.c", "csrc/lua/lua_nlp.c", "csrc/lua/lua_doc.c",
        "csrc/lua/lua_gazetteer.c", "csrc/lua/lua_rules.c", "csrc/lua/lua_rules_specs.c",
      },
      incdirs = { "csrc", "$(UTF8PROC_INCDIR)" },
      libdirs = { "$(UTF8PROC_LIBDIR)" },
      libraries = { "utf8proc" },
      defines = {},
    },
    ["glean"] = "lua/glean/init.lua",
    ["glean.doc"] = "lua/glean/doc.lua",
    ["glean.span"] = "lua/glean/span.lua",
    ["glean.sort"] = "lua/glean/sort.lua",
    ["glean.columns"] = "lua/glean/columns.lua",
    ["glean.json"] = "lua/glean/json.lua",
    ["glean.options"] = "lua/glean/options.lua",
    ["glean.gazetteer"] = "lua/glean/gazetteer.lua",
    ["glean.rules"] = "lua/glean/rules.lua",
    ["glean.extract"] = "lua/glean/extract/init.lua",
    ["glean.extract.per_nlp"] = "lua/glean/extract/per_nlp.lua",
    ["glean.extract.quotes"] = "lua/glean/extract/quotes.lua",
    ["glean.extract.quote_marks"] = "lua/glean/extract/quote_marks.lua",
    ["glean.extract.quote_speakers"] = "lua/glean/extract/quote_speakers.lua",
    ["glean.extract.acronyms"] = "lua/glean/extract/acronyms.lua",
    ["glean.extract.dates"] = "lua/glean/extract/dates.lua",
    ["glean.extract.quantities"] = "lua/glean/extract/quantities.lua",
    ["glean.eval"] = "lua/glean/eval.lua",
    ["glean.extract.entities"] = "lua/glean/extract/entities.lua",
    ["glean.extract.entity_rules"] = "lua/glean/extract/entity_rules.lua",
    ["glean.extract.lists.words"] = "lua/glean/extract/lists/words.lua",
    ["glean.extract.lists.countries"] = "lua/glean/extract/lists/countries.lua",
    ["glean.extract.lists.places"] = "lua/glean/extract/lists/places.lua",
    ["glean.extract.lists.orgs"] = "lua/glean/extract/lists/orgs.lua",
    ["glean.extract.lists.people"] = "lua/glean/extract/lists/people.lua",
    ["glean.extract.lists.first_names"] = "lua/glean/extract/lists/first_names.lua",
    ["glean.extract.lists.geonames_regions"] = "lua/glean/extract/lists/geonames_regions.lua",
    ["glean.extract.lists.geonames_cities_1"] = "lua/glean/extract/lists/geonames_cities_1.lua",
    ["glean.extract.lists.geonames_cities_2"] = "lua/glean/extract/lists/geonames_cities_2.lua",
    ["glean.extract.lists.geonames_cities_3"] = "lua/glean/extract/lists/geonames_cities_3.lua",
    ["glean.extract.lists.geonames_cities_4"] = "lua/glean/extract/lists/geonames_cities_4.lua",
    ["glean.extract.lists.geonames_cities_5"] = "lua/glean/extract/lists/geonames_cities_5.lua",
    ["glean.extract.lists.geonames_cities_6"] = "lua/glean/extract/lists/geonames_cities_6.lua",
    ["glean.cli.main"] = "lua/glean/cli/main.lua",
    ["glean.cli.util"] = "lua/glean/cli/util.lua",
    ["glean.cli.inputs"] = "lua/glean/cli/inputs.lua",
    ["glean.cli.records"] = "lua/glean/cli/records.lua",
    ["glean.cli.script"] = "lua/glean/cli/script.lua",
    ["glean.cli.pipeline"] = "lua/glean/cli/pipeline.lua",
    ["glean.cli.progress"] = "lua/glean/cli/progress.lua",
    ["glean.cli.workers"] = "lua/glean/cli/workers.lua",
    ["glean.cli.runner"] = "lua/glean/cli/runner.lua",
    ["glean.cli.show"] = "lua/glean/cli/show.lua",
    ["glean.cli.compile"] = "lua/glean/cli/compile.lua",
  },
  install = { bin = { glean = "bin/glean" } },
}
