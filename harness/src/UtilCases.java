// The reference for src/apigw/util.rs: what API Gateway's $util functions return on JDK 17.
//   escapeJavaScript  org.apache.commons.lang.StringEscapeUtils.escapeJavaScript (commons-lang 2.6)
//   urlEncode         java.net.URLEncoder.encode(text, "UTF-8")
//   urlDecode         java.net.URLDecoder.decode(text, "UTF-8")
//   base64Encode      Base64.getEncoder().encodeToString(text.getBytes(UTF_8))
//   base64Decode      new String(Base64.getDecoder().decode(text), UTF_8)
//
// Usage (JDK 17 and Debian's libcommons-lang-java, single-file launch, no build step):
//   java -cp /usr/share/java/commons-lang-2.6.jar harness/src/UtilCases.java cases src/apigw/util_cases.txt > /tmp/out
//   diff src/apigw/util_cases.txt /tmp/out
//       re-runs every case of the table and prints the table again with Java's results in place;
//       an empty diff proves the committed expectations are current. `cases -` reads stdin.
//   java -cp /usr/share/java/commons-lang-2.6.jar harness/src/UtilCases.java digits
//       the BMP characters that Character.digit(c, 16) accepts (URLDecoder parses `%XY` with
//       Integer.parseInt, which takes them), as `(first, last, digit of first)` runs: the
//       HEX_DIGIT_RUNS table of src/apigw/util.rs.
//
// Table format, one case a line, fields separated by TAB; lines starting with `#` and blank lines
// are kept as they are:
//   FUNCTION  INPUT  =>  OUTPUT            Java returned OUTPUT
//   FUNCTION  INPUT  !>  Class: message    Java threw (simple class name, then getMessage())
// Only FUNCTION and INPUT are read; whatever follows them is replaced.
// Text fields are literal except `\x{HEX}`, which stands for the code point (or lone UTF-16 unit)
// HEX. The writer uses it for controls, TAB/CR/LF, invisible or combining characters, unassigned
// code points, lone surrogates, a space at either end of a field, and a backslash that is followed
// by `x{` (so a literal `\x{` is written `\x{5C}x{`). Any other backslash is itself.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Base64;

public class UtilCases {
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("\\x{", i)) {
                int close = s.indexOf('}', i);
                int cp = Integer.parseInt(s.substring(i + 3, close), 16);
                if (cp < 0x10000) {
                    b.append((char) cp); // lone surrogates stay lone
                } else {
                    b.appendCodePoint(cp);
                }
                i = close + 1;
            } else {
                b.append(s.charAt(i++));
            }
        }
        return b.toString();
    }

    static boolean invisible(int cp) {
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.UNASSIGNED:
            case Character.FORMAT:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.COMBINING_SPACING_MARK:
            case Character.CONTROL:
                return cp != ' ';
            default:
                return false;
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            // A valid pair is one code point; a lone surrogate is escaped as its own unit.
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean edgeSpace = cp == ' ' && (i == 0 || i + 1 == s.length());
            boolean backslashX = cp == '\\' && s.startsWith("x{", i + 1);
            if (invisible(cp) || edgeSpace || backslashX) {
                b.append(String.format("\\x{%04X}", cp));
            } else {
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b.toString();
    }

    static String run(String function, String input) throws Exception {
        switch (function) {
            case "escapeJavaScript":
                return org.apache.commons.lang.StringEscapeUtils.escapeJavaScript(input);
            case "urlEncode":
                return java.net.URLEncoder.encode(input, "UTF-8");
            case "urlDecode":
                return java.net.URLDecoder.decode(input, "UTF-8");
            case "base64Encode":
                return Base64.getEncoder().encodeToString(input.getBytes(StandardCharsets.UTF_8));
            case "base64Decode":
                return new String(Base64.getDecoder().decode(input), StandardCharsets.UTF_8);
            default:
                throw new IllegalStateException("unknown function " + function);
        }
    }

    static void cases(BufferedReader in, PrintStream out) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty() || line.startsWith("#")) {
                out.println(line);
                continue;
            }
            String[] fields = line.split("\t", -1);
            String function = fields[0];
            String input = fields.length > 1 ? unescape(fields[1]) : "";
            String result;
            try {
                result = "=>\t" + escape(run(function, input));
            } catch (IllegalStateException e) {
                throw e;
            } catch (Exception e) {
                result = "!>\t" + escape(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.println(function + "\t" + escape(input) + "\t" + result);
        }
        out.flush();
    }

    static void digits(PrintStream out) {
        int start = -1;
        int prev = -9;
        int prevDigit = -9;
        for (int c = 0; c <= 0x10000; c++) {
            int d = c < 0x10000 ? Character.digit((char) c, 16) : -1;
            boolean continues = d >= 0 && c == prev + 1 && d == prevDigit + 1;
            if (!continues) {
                if (start >= 0) {
                    out.printf("(0x%04X, 0x%04X, %d),%n", start, prev,
                            Character.digit((char) start, 16));
                }
                start = d >= 0 ? c : -1;
            }
            prev = d >= 0 ? c : -9;
            prevDigit = d >= 0 ? d : -9;
        }
        out.flush();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (args.length == 2 && args[0].equals("cases")) {
            BufferedReader in = args[1].equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Paths.get(args[1]), StandardCharsets.UTF_8);
            cases(in, out);
        } else if (args.length == 1 && args[0].equals("digits")) {
            digits(out);
        } else {
            System.err.println("usage: UtilCases cases FILE|- | UtilCases digits");
            System.exit(2);
        }
    }
}
