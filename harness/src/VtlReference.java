// The reference engine for apigw-vtl's differential tests: Apache Velocity 1.7 (Debian's `velocity`
// package) configured the way API Gateway appears to run it (../shared/reference/velocity-facts.md):
// inline macros not permitted, the `evaluate` directive removed, `#foreach` capped at 1000 loops.
//
// Usage: java -cp ... VtlReference check FILE...        (each file is a raw template)
//        java -cp ... VtlReference check-cases FILE...  (corpus case files: header, a `---` line, template)
//        java -cp ... VtlReference render < REQUESTS     (one JSON object a line, see renderAll)
// For each file it prints one JSON line: {"file": F, "ok": true} when Velocity parses and initialises
// the template, or {"file": F, "ok": false, "line": L, "column": C, "message": M} when it rejects it.
// Templates are read as UTF-8 bytes, exactly as stored (no newline added or removed).

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.InvalidReferenceEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.context.InternalContextAdapterImpl;
import org.apache.velocity.exception.TemplateInitException;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.node.SimpleNode;

public class VtlReference {
    static RuntimeInstance newEngine() throws Exception {
        RuntimeInstance ri = new RuntimeInstance();
        ri.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        ri.setProperty("velocimacro.permissions.allow.inline", "false");
        ri.setProperty("directive.foreach.maxloops", "1000");
        ri.setProperty("eventhandler.invalidreferences.class", AwsInvalidReferences.class.getName());
        ri.init();
        ri.removeDirective("evaluate");
        return ri;
    }

    /// API Gateway's handling of invalid references as the facts show it: an undefined reference, a
    /// failed property and a failed method (or a null result) all become the empty string.
    public static class AwsInvalidReferences implements InvalidReferenceEventHandler {
        public Object invalidGetMethod(Context c, String reference, Object object, String property, Info info) {
            return "";
        }
        public boolean invalidSetMethod(Context c, String left, String right, Info info) {
            return false;
        }
        public Object invalidMethod(Context c, String reference, Object object, String method, Info info) {
            return "";
        }
    }

    /// JSON from json-smart -> the values a template sees: LinkedHashMap, ArrayList, String, Boolean,
    /// null, Integer/Long/BigInteger, Double (decimals are Double, as `--vars` promises).
    static Object toTemplateValue(Object json) {
        if (json instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) {
                out.put(String.valueOf(e.getKey()), toTemplateValue(e.getValue()));
            }
            return out;
        }
        if (json instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) json) out.add(toTemplateValue(item));
            return out;
        }
        if (json instanceof BigDecimal) return ((BigDecimal) json).doubleValue();
        if (json instanceof Float) return ((Float) json).doubleValue();
        return json;
    }

    /// A strict JSON reader for the request envelope, building the values a template sees directly.
    /// (Debian's json-smart 2.2 rejects some ordinary nested objects as "non natural depths".)
    static final class Json {
        private final String text;
        private int at;

        Json(String text) { this.text = text; }

        Object parse() {
            Object value = value();
            skip();
            if (at != text.length()) throw new IllegalArgumentException("trailing text at " + at);
            return value;
        }

        private void skip() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
        }

        private Object value() {
            skip();
            char c = text.charAt(at);
            if (c == '{') {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                skip();
                if (text.charAt(at) == '}') { at++; return map; }
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    expect(':');
                    map.put(key, value());
                    skip();
                    if (text.charAt(at) == ',') { at++; continue; }
                    expect('}');
                    return map;
                }
            }
            if (c == '[') {
                at++;
                List<Object> list = new ArrayList<>();
                skip();
                if (text.charAt(at) == ']') { at++; return list; }
                while (true) {
                    list.add(value());
                    skip();
                    if (text.charAt(at) == ',') { at++; continue; }
                    expect(']');
                    return list;
                }
            }
            if (c == '"') return string();
            if (text.startsWith("true", at)) { at += 4; return Boolean.TRUE; }
            if (text.startsWith("false", at)) { at += 5; return Boolean.FALSE; }
            if (text.startsWith("null", at)) { at += 4; return null; }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
            String number = text.substring(start, at);
            if (number.contains(".") || number.contains("e") || number.contains("E")) return Double.valueOf(number);
            java.math.BigInteger big = new java.math.BigInteger(number);
            if (big.bitLength() < 32) return big.intValue();
            if (big.bitLength() < 64) return big.longValue();
            return big;
        }

        private void expect(char c) {
            if (text.charAt(at) != c) throw new IllegalArgumentException("expected " + c + " at " + at);
            at++;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') return out.toString();
                if (c != '\\') { out.append(c); continue; }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u': out.append((char) Integer.parseInt(text.substring(at, at + 4), 16)); at += 4; break;
                    default: out.append(e);
                }
            }
        }
    }

    /// Reads requests `{"name": N, "template": T, "vars": {...}}`, one a line, and prints for each
    /// `{"name": N, "ok": true, "output": O}` or `{"name": N, "ok": false, "error": E}`.
    static void renderAll(RuntimeInstance ri) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        java.io.PrintStream out = new java.io.PrintStream(System.out, true, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            Map<?, ?> request = (Map<?, ?>) new Json(line).parse();
            String name = String.valueOf(request.get("name"));
            String template = (String) request.get("template");
            VelocityContext context = new VelocityContext();
            Object vars = toTemplateValue(request.get("vars"));
            if (vars instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) vars).entrySet()) {
                    context.put((String) e.getKey(), e.getValue());
                }
            }
            StringWriter writer = new StringWriter();
            String result;
            try {
                ri.evaluate(context, writer, name, new StringReader(template));
                result = "{\"name\": " + quote(name) + ", \"ok\": true, \"output\": " + quote(writer.toString()) + "}";
            } catch (Throwable e) {
                Throwable cause = e;
                while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
                result = "{\"name\": " + quote(name) + ", \"ok\": false, \"error\": "
                    + quote(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                        + (cause != e ? " / " + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()) : ""))
                    + "}";
            }
            out.println(result);
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static String check(RuntimeInstance ri, String name, String text) {
        try {
            SimpleNode root = ri.parse(new StringReader(text), name);
            root.init(new InternalContextAdapterImpl(new VelocityContext()), ri);
            return "{\"file\": " + quote(name) + ", \"ok\": true}";
        } catch (ParseException e) {
            int line = -1, col = -1;
            try {
                java.lang.reflect.Method l = e.getClass().getMethod("getLineNumber");
                java.lang.reflect.Method c = e.getClass().getMethod("getColumnNumber");
                line = (Integer) l.invoke(e);
                col = (Integer) c.invoke(e);
            } catch (Exception ignored) {
                if (e.currentToken != null && e.currentToken.next != null) {
                    line = e.currentToken.next.beginLine;
                    col = e.currentToken.next.beginColumn;
                }
            }
            return failure(name, line, col, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        } catch (TemplateInitException e) {
            return failure(name, e.getLineNumber(), e.getColumnNumber(), "TemplateInitException: " + firstLine(e.getMessage()));
        } catch (Throwable e) {
            return failure(name, -1, -1, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    static String failure(String name, int line, int col, String message) {
        return "{\"file\": " + quote(name) + ", \"ok\": false, \"line\": " + line + ", \"column\": " + col
            + ", \"message\": " + quote(message) + "}";
    }

    // A corpus case is header lines, a line that is exactly `---`, then the template: every byte after
    // that line's newline. A file without such a line is all template.
    static String templateOfCase(String text) {
        int at = 0;
        while (at < text.length()) {
            int nl = text.indexOf('\n', at);
            String line = nl < 0 ? text.substring(at) : text.substring(at, nl);
            if (line.equals("---")) return nl < 0 ? "" : text.substring(nl + 1);
            if (nl < 0) break;
            at = nl + 1;
        }
        return text;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("render")) {
            renderAll(newEngine());
            return;
        }
        boolean cases = args.length > 0 && args[0].equals("check-cases");
        if (args.length < 1 || !(cases || args[0].equals("check"))) {
            System.err.println("usage: VtlReference check|check-cases FILE...");
            System.exit(2);
        }
        RuntimeInstance ri = newEngine();
        for (int i = 1; i < args.length; i++) {
            String text = new String(Files.readAllBytes(Paths.get(args[i])), StandardCharsets.UTF_8);
            if (cases) text = templateOfCase(text);
            System.out.println(check(ri, args[i], text));
        }
    }
}
