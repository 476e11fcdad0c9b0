-- The module loads from where it should, and exposes what API.md names.
local glean = require "glean"

describe("require 'glean'", function()
  it("loads glean.core from the build being tested, not a stale copy", function()
    local path = package.searchpath("glean.core", package.cpath)
    assert.is_truthy(path)
    local build = os.getenv("GLEAN_BUILD_DIR")
    if build then
      assert.are.equal(build .. "/glean/core.so", path)
    end
  end)

  it("has a version and utf8proc's Unicode version", function()
    assert.are.equal("0.1.0", glean.version)
    assert.matches("^%d+%.%d+%.%d+$", glean.unicode_version)
  end)

  it("exposes the API.md names of this layer", function()
    for _, name in ipairs { "new", "normalize" } do assert.is_function(glean[name]) end
    assert.is_function(glean.utf8.valid)
    local nlp = glean.new()
    assert.matches("^glean.Nlp", tostring(nlp))
    local doc = nlp:parse("A test.")
    for _, m in ipairs { "tokens", "sentences", "span", "char_span", "token_at", "add_ents",
                         "to_table", "to_json" } do
      assert.is_function(doc[m], m)
    end
  end)
end)
