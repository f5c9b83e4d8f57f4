// Part of apigw-vtl's reference harness (see ../../../../VtlReference.java), not of json-smart.
//
// Debian's json-smart 2.2 (2.2-2+deb12u1) carries a backport of the CVE-2023-1370 fix that counts
// nesting in JSONParserBase.depth and rejects more than 400 levels ("Malicious payload, having non
// natural depths"). Its readObject increments `depth` on `{` but decrements it only when the object
// closes right after `{` or a comma (`{}`); the ordinary exit after a value (`{"a":1}`) returns
// without decrementing. Every non-empty object therefore leaks one level: one document with 400
// non-empty objects fails, and a reused parser fails after a few hundred objects over several parses.
// Upstream json-smart restores the depth on every exit; this parser does the same by remembering the
// depth on entry to readObject and putting it back on return, so the 400-level nesting limit stays
// and everything else is json-smart 2.2's own code.
//
// It lives in json-smart's package because JSONParserString (what JSONParser.parse(String, ...)
// uses) is package-private.
package net.minidev.json.parser;

import java.io.IOException;

import net.minidev.json.writer.JsonReaderI;

public final class DepthRestoringParser extends JSONParserString {
    private DepthRestoringParser(int mode) {
        super(mode);
    }

    /// What `new JSONParser(mode).parse(text, mapper)` does, with a new parser every call and the
    /// depth bookkeeping fixed.
    public static <T> T parse(int mode, String text, JsonReaderI<T> mapper) throws ParseException {
        return new DepthRestoringParser(mode).parse(text, mapper);
    }

    @Override
    protected <T> T readObject(JsonReaderI<T> mapper) throws ParseException, IOException {
        int entry = depth;
        T result = super.readObject(mapper);
        depth = entry;
        return result;
    }
}
