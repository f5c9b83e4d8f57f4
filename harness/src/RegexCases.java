// The reference for apigw-vtl's Java regular expressions (src/java/regex): what JDK 17's
// String.matches / replaceAll / replaceFirst / split and Matcher.find really return.
//
// Usage (JDK 17, single-file launch, no build step):
//   java harness/src/RegexCases.java cases src/java/regex_cases.txt > /tmp/out && diff src/java/regex_cases.txt /tmp/out
//       re-runs every case of the table and prints the table again with Java's results in place;
//       an empty diff proves the committed expectations are current.
//   java harness/src/RegexCases.java tables > src/java/regex/unicode13.txt
//       dumps the JDK's own Unicode data (Character.getType, the Character.isXxx predicates,
//       scripts, blocks, simple case mappings) that the Rust translator builds its classes from,
//       so that `\p{L}` or `\b` mean exactly what JDK 17 (Unicode 13) means, not a newer Unicode.
//
// Table format, one case a line, fields separated by TAB; lines starting with `#` and blank lines
// are kept as they are:
//   OP  PATTERN  INPUT  REPLACEMENT  RUST  =>  RESULT...
// OP is matches | find | replaceAll | replaceFirst | split. RUST is empty when the Rust translation
// must give Java's result, `unsupported` when it must refuse the pattern as untranslatable, and
// `surrogate` when Java's answer splits a UTF-16 surrogate pair (not representable in a Rust
// string) and the Rust side must report that instead. Fields before `=>` may be left off at the end.
// Text fields escape with `%`: %t TAB, %n LF, %r CR, %% a percent sign, %{hex} any UTF-16 unit or
// code point. RESULT is: true/false (matches); none or @START:MATCH with START counted in code
// points (find); the new string (replace*); the piece count then one field per piece (split);
// or `!` and the simple class name of the exception Java threw.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class RegexCases {
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't': b.append('\t'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case '%': b.append('%'); break;
                case '{': {
                    int close = s.indexOf('}', i);
                    int cp = Integer.parseInt(s.substring(i + 1, close), 16);
                    if (cp < 0x10000) b.append((char) cp); else b.appendCodePoint(cp);
                    i = close;
                    break;
                }
                default: throw new IllegalArgumentException("bad escape %" + n + " in " + s);
            }
        }
        return b.toString();
    }

    // Lone surrogates (Java can produce them by matching inside a pair) print as %{hex}.
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') b.append("%t");
            else if (c == '\n') b.append("%n");
            else if (c == '\r') b.append("%r");
            else if (c == '%') b.append("%%");
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c) || c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                b.append(String.format("%%{%x}", (int) c));
            } else b.append(c);
        }
        return b.toString();
    }

    static List<String> run(String op, String pattern, String input, String replacement) {
        List<String> out = new ArrayList<>();
        try {
            switch (op) {
                case "matches":
                    out.add(String.valueOf(input.matches(pattern)));
                    break;
                case "find": {
                    Matcher m = Pattern.compile(pattern).matcher(input);
                    if (m.find()) {
                        out.add("@" + input.codePointCount(0, m.start()) + ":" + escape(m.group()));
                    } else {
                        out.add("none");
                    }
                    break;
                }
                case "replaceAll":
                    out.add(escape(input.replaceAll(pattern, replacement)));
                    break;
                case "replaceFirst":
                    out.add(escape(input.replaceFirst(pattern, replacement)));
                    break;
                case "split": {
                    String[] pieces = input.split(pattern);
                    out.add(String.valueOf(pieces.length));
                    for (String p : pieces) out.add(escape(p));
                    break;
                }
                default:
                    throw new IllegalStateException("unknown operation " + op);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable e) {
            out.clear();
            out.add("!" + e.getClass().getSimpleName());
        }
        return out;
    }

    static void cases(String file, PrintStream out) throws Exception {
        for (String line : Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                out.println(line);
                continue;
            }
            String[] f = line.split("\t", -1);
            int arrow = Arrays.asList(f).indexOf("=>");
            int n = arrow < 0 ? f.length : arrow;
            String[] head = new String[5];
            for (int i = 0; i < 5; i++) head[i] = i < n ? f[i] : "";
            List<String> result = run(head[0], unescape(head[1]), unescape(head[2]), unescape(head[3]));
            out.println(String.join("\t", head) + "\t=>\t" + String.join("\t", result));
        }
    }

    // ---- Unicode tables -------------------------------------------------------------------

    static String ranges(IntPredicate p) {
        StringBuilder b = new StringBuilder();
        int start = -1;
        for (int cp = 0; cp <= 0x110000; cp++) {
            boolean in = cp <= 0x10FFFF && p.test(cp);
            if (in && start < 0) start = cp;
            if (!in && start >= 0) {
                b.append(' ').append(Integer.toHexString(start));
                if (cp - 1 != start) b.append('-').append(Integer.toHexString(cp - 1));
                start = -1;
            }
        }
        return b.toString();
    }

    static void tables(PrintStream out) {
        out.println("# Generated by harness/src/RegexCases.java `tables` on " + System.getProperty("java.vm.name")
            + " " + System.getProperty("java.version") + ". Do not edit.");
        // General categories as runs: `gc START TYPE` starts a run of Character.getType values.
        int prev = -1;
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            int t = Character.getType(cp);
            if (t != prev) {
                out.println("gc " + Integer.toHexString(cp) + " " + t);
                prev = t;
            }
        }
        Map<String, IntPredicate> props = new LinkedHashMap<>();
        props.put("Alphabetic", Character::isAlphabetic);
        props.put("Ideographic", Character::isIdeographic);
        props.put("LowerCase", Character::isLowerCase);
        props.put("UpperCase", Character::isUpperCase);
        props.put("TitleCase", Character::isTitleCase);
        props.put("Digit", Character::isDigit);
        props.put("Letter", Character::isLetter);
        props.put("LetterOrDigit", Character::isLetterOrDigit);
        props.put("Defined", Character::isDefined);
        props.put("JavaIdentifierStart", Character::isJavaIdentifierStart);
        props.put("JavaIdentifierPart", Character::isJavaIdentifierPart);
        props.put("UnicodeIdentifierStart", Character::isUnicodeIdentifierStart);
        props.put("UnicodeIdentifierPart", Character::isUnicodeIdentifierPart);
        props.put("IdentifierIgnorable", Character::isIdentifierIgnorable);
        props.put("SpaceChar", Character::isSpaceChar);
        props.put("Whitespace", Character::isWhitespace);
        props.put("ISOControl", Character::isISOControl);
        props.put("Mirrored", Character::isMirrored);
        for (Map.Entry<String, IntPredicate> e : props.entrySet()) {
            out.println("prop " + e.getKey() + ranges(e.getValue()));
        }
        for (Character.UnicodeScript s : Character.UnicodeScript.values()) {
            out.println("script " + s.name() + ranges(cp -> Character.UnicodeScript.of(cp) == s));
        }
        // Script aliases: Character.UnicodeScript.forName also takes ISO 15924 codes. The JDK does
        // not list them, so every four-letter name is tried.
        char[] name = new char[4];
        for (int i = 0; i < 26 * 26 * 26 * 26; i++) {
            int k = i;
            for (int j = 3; j >= 0; j--) { name[j] = (char) ('A' + k % 26); k /= 26; }
            String alias = new String(name);
            try {
                Character.UnicodeScript s = Character.UnicodeScript.forName(alias);
                if (!s.name().equals(alias)) out.println("scriptalias " + alias + " " + s.name());
            } catch (IllegalArgumentException ignored) {
            }
        }
        // Blocks, in code point order, and every spelling of their names that forName accepts
        // among the constant name with each `_` read as `_`, ` `, `-` or nothing.
        Set<Character.UnicodeBlock> blocks = new LinkedHashSet<>();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            Character.UnicodeBlock b = Character.UnicodeBlock.of(cp);
            if (b != null) blocks.add(b);
        }
        for (Character.UnicodeBlock b : blocks) {
            out.println("block " + b + ranges(cp -> Character.UnicodeBlock.of(cp) == b));
            Set<String> names = new LinkedHashSet<>();
            spellings(b.toString(), 0, "", names);
            for (String spelling : names) {
                try {
                    if (Character.UnicodeBlock.forName(spelling) == b) {
                        out.println("blockname " + spelling.replace(' ', '~') + " " + b);
                    }
                } catch (IllegalArgumentException ignored) {
                }
            }
        }
        // Simple case mappings where either differs from the code point itself.
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            int up = Character.toUpperCase(cp), low = Character.toLowerCase(cp);
            if (up != cp || low != cp) {
                out.println("case " + Integer.toHexString(cp) + " " + Integer.toHexString(up) + " " + Integer.toHexString(low));
            }
        }
    }

    static void spellings(String constant, int at, String sofar, Set<String> out) {
        int us = constant.indexOf('_', at);
        if (us < 0) {
            out.add(sofar + constant.substring(at));
            return;
        }
        String head = sofar + constant.substring(at, us);
        if (out.size() > 4000) return;
        for (String sep : new String[] {"_", " ", "-", ""}) spellings(constant, us + 1, head + sep, out);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (args.length == 2 && args[0].equals("cases")) {
            cases(args[1], out);
        } else if (args.length == 1 && args[0].equals("tables")) {
            tables(out);
        } else {
            System.err.println("usage: RegexCases cases FILE | RegexCases tables");
            System.exit(2);
        }
        out.flush();
    }
}
