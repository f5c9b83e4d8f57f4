// The reference engine for apigw-vtl's differential tests: Apache Velocity 1.7 (Debian's `velocity`
// package) configured the way API Gateway appears to run it (../shared/reference/velocity-facts.md):
// inline macros not permitted, the `evaluate` directive removed, `#foreach` capped at 1000 loops.
// Renders see API Gateway's $input, $util, $context and $stageVariables (see renderAll), built on
// Jayway JsonPath 2.0.0 and json-smart 2.2 (Debian libjsonpath-java, libjson-smart-java).
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

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidJsonException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider;
import net.minidev.json.JSONStyle;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.DepthRestoringParser;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.writer.JsonReaderI;
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

    // ---------------------------------------------------------------------------------------------
    // The API Gateway objects every render sees: $input, $util, $context, $stageVariables
    // (aws-semantics.md §2, §4, §8, §9), written with the libraries AWS's documentation points at:
    // Jayway JsonPath 2.0.0 over json-smart 2.2 (Debian libjsonpath-java, libjson-smart-java).

    /// Jayway's json-smart provider (permissive mode, DEFAULT_ORDERED mapper: objects are
    /// LinkedHashMap, arrays JSONArray) with one change: every parse uses a NEW parser whose nesting
    /// depth is restored when an object ends (DepthRestoringParser). Debian's json-smart 2.2 leaks one
    /// depth level per non-empty object (its CVE-2023-1370 backport; cf. json-smart-v2 #132) and fails
    /// with "Malicious payload, having non natural depths" once 400 have been read, whether by one
    /// parser over several documents or in a single large document.
    public static class FreshParserJsonSmartProvider extends JsonSmartJsonProvider {
        public FreshParserJsonSmartProvider() {
            super(JSONParser.MODE_PERMISSIVE, JSONValue.defaultReader.DEFAULT_ORDERED);
        }

        @Override
        public Object parse(String json) throws InvalidJsonException {
            try {
                return DepthRestoringParser.parse(JSONParser.MODE_PERMISSIVE, json, JSONValue.defaultReader.DEFAULT_ORDERED);
            } catch (net.minidev.json.parser.ParseException e) {
                throw new InvalidJsonException(e);
            }
        }

        @Override
        public Object parse(java.io.InputStream in, String charset) throws InvalidJsonException {
            try {
                return parse(new String(in.readAllBytes(), charset));
            } catch (java.io.IOException e) {
                throw new com.jayway.jsonpath.JsonPathException(e);
            }
        }
    }

    /// The JsonPath configuration of $input.path/$input.json: the provider above, json-smart mapping,
    /// no options (a missing definite path throws PathNotFoundException).
    static final Configuration JSONPATH = Configuration.builder()
        .jsonProvider(new FreshParserJsonSmartProvider())
        .mappingProvider(new JsonSmartMappingProvider())
        .build();

    /// `$input`. The body is parsed once per render, and only when json/path is called.
    public static class Input {
        private final String body;
        private final Map<String, Object> params;
        private boolean parsed;
        private Object document;

        public Input(String body, Map<String, Object> params) {
            this.body = body.isEmpty() ? "{}" : body;
            this.params = params;
        }

        /// The raw payload; an empty body is `{}` (aws-semantics.md §6, §8.4).
        public String getBody() {
            return body;
        }

        private Object document() {
            if (!parsed) {
                document = JSONPATH.jsonProvider().parse(body);
                parsed = true;
            }
            return document;
        }

        /// JsonPath read; a path that does not exist gives null (renders "").
        public Object path(String path) {
            Object doc = document();
            try {
                return JsonPath.compile(path).read(doc, JSONPATH);
            } catch (PathNotFoundException e) {
                return null;
            }
        }

        /// JsonPath read written as JSON by json-smart: LT_COMPRESS quotes keys and strings and keeps
        /// `/` raw (recorded on AWS, §9); a definite path that matches nothing gives `""`, the
        /// two-character JSON string (recorded on AWS, aws-semantics.md §9; issue 14).
        public String json(String path) {
            Object doc = document();
            Object result;
            try {
                result = JsonPath.compile(path).read(doc, JSONPATH);
            } catch (PathNotFoundException e) {
                return "\"\"";
            }
            return JSONValue.toJSONString(result, JSONStyle.LT_COMPRESS);
        }

        /// {path={...}, querystring={...}, header={...}}.
        public Map<String, Object> params() {
            return params;
        }

        /// Path, then querystring, then header; "" when absent.
        public Object params(String name) {
            for (String kind : new String[] {"path", "querystring", "header"}) {
                Object group = params.get(kind);
                if (group instanceof Map && ((Map<?, ?>) group).containsKey(name)) {
                    return ((Map<?, ?>) group).get(name);
                }
            }
            return "";
        }
    }

    /// json-smart mapper for $util.parseJson: objects LinkedHashMap, arrays java.util.ArrayList (so
    /// parsed lists print Java-style `[1, 2]`, velocity-facts row "parsejson").
    static final class PlainMapper extends JsonReaderI<Object> {
        PlainMapper() { super(JSONValue.defaultReader); }
        @Override public JsonReaderI<?> startObject(String key) { return this; }
        @Override public JsonReaderI<?> startArray(String key) { return this; }
        @Override public Object createObject() { return new LinkedHashMap<String, Object>(); }
        @Override public Object createArray() { return new ArrayList<Object>(); }
        @SuppressWarnings("unchecked")
        @Override public void setValue(Object current, String key, Object value) {
            ((Map<String, Object>) current).put(key, value);
        }
        @SuppressWarnings("unchecked")
        @Override public void addValue(Object current, Object value) {
            ((List<Object>) current).add(value);
        }
    }

    static final PlainMapper PLAIN_MAPPER = new PlainMapper();

    /// `$util`. Parameters are String: Velocity finds no method for other argument types, as on AWS.
    public static class Util {
        public String escapeJavaScript(String s) {
            return org.apache.commons.lang.StringEscapeUtils.escapeJavaScript(s);
        }
        public String urlEncode(String s) throws java.io.UnsupportedEncodingException {
            return java.net.URLEncoder.encode(s, "UTF-8");
        }
        public String urlDecode(String s) throws java.io.UnsupportedEncodingException {
            return java.net.URLDecoder.decode(s, "UTF-8");
        }
        public String base64Encode(String s) {
            return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }
        public String base64Decode(String s) {
            return new String(java.util.Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        }
        /// json-smart permissive, a new (depth-restoring) parser each time; LinkedHashMap/ArrayList.
        public Object parseJson(String s) throws net.minidev.json.parser.ParseException {
            return DepthRestoringParser.parse(JSONParser.MODE_PERMISSIVE, s, PLAIN_MAPPER);
        }
    }

    /// A `$context` map: a LinkedHashMap that prints as nothing (recorded on AWS: printing
    /// `$context.identity` or `$context.requestOverride` renders "", aws-semantics.md §8.1).
    public static class ContextMap extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
        @Override public String toString() { return ""; }
    }

    static ContextMap contextMap(Object... keysAndValues) {
        ContextMap m = new ContextMap();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /// The default `$context`, keys in the order AWS printed `$context.keySet()` (§8.1).
    static ContextMap defaultContext() {
        return contextMap(
            "resourceId", "abc123",
            "resourcePath", "/guid",
            "httpMethod", "POST",
            "extendedRequestId", "Ab1CdEFGhIJKLmN=",
            "requestTime", "25/Nov/2026:09:49:57 +0000",
            "path", "/prod/guid",
            "accountId", "123456789012",
            "protocol", "HTTP/1.1",
            "requestOverride", contextMap("path", contextMap(), "header", contextMap(), "querystring", contextMap()),
            "stage", "prod",
            "domainPrefix", "a1b2c3d4e5",
            "requestTimeEpoch", 1795600197000L,
            "requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "identity", contextMap(
                "cognitoIdentityPoolId", null,
                "accountId", null,
                "cognitoIdentityId", null,
                "caller", null,
                "sourceIp", "203.0.113.10",
                "principalOrgId", null,
                "accessKey", null,
                "cognitoAuthenticationType", null,
                "cognitoAuthenticationProvider", null,
                "userArn", null,
                "userAgent", "curl/8.4.0",
                "user", null),
            "domainName", "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
            "deploymentId", "dep123",
            "responseOverride", contextMap("header", contextMap()),
            "apiId", "a1b2c3d4e5");
    }

    /// Request JSON -> context values: maps become ContextMaps, lists ArrayLists.
    static Object toContextValue(Object json) {
        if (json instanceof Map) {
            ContextMap out = new ContextMap();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) {
                out.put(String.valueOf(e.getKey()), toContextValue(e.getValue()));
            }
            return out;
        }
        if (json instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) json) out.add(toContextValue(item));
            return out;
        }
        return toTemplateValue(json);
    }

    /// Merges `over` into `into`: an object merges into a map of the same key (recursively), any other
    /// value replaces it; new keys go last.
    @SuppressWarnings("unchecked")
    static void mergeContext(Map<String, Object> into, Map<?, ?> over) {
        for (Map.Entry<?, ?> e : over.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object existing = into.get(key);
            if (e.getValue() instanceof Map && existing instanceof Map) {
                mergeContext((Map<String, Object>) existing, (Map<?, ?>) e.getValue());
            } else {
                into.put(key, toContextValue(e.getValue()));
            }
        }
    }

    /// A map of strings from the request (params groups, stage variables).
    static Map<String, Object> stringMap(Object json) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (json instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
            }
        }
        return out;
    }

    /// A map as a JSON object of String.valueOf(value)s, in its order; {} when not a map.
    static String stringObject(Object map) {
        StringBuilder b = new StringBuilder("{");
        if (map instanceof Map) {
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
                if (!first) b.append(", ");
                first = false;
                b.append(quote(String.valueOf(e.getKey()))).append(": ").append(quote(String.valueOf(e.getValue())));
            }
        }
        return b.append('}').toString();
    }

    static Object child(Object map, String key) {
        return map instanceof Map ? ((Map<?, ?>) map).get(key) : null;
    }

    /// The override fields of a response line, read from `$context` after the render.
    static String overrides(Map<String, Object> context) {
        Object response = child(context, "responseOverride");
        Object status = child(response, "status");
        String statusJson;
        if (status == null) statusJson = "null";
        else if (status instanceof Integer || status instanceof Long || status instanceof java.math.BigInteger) statusJson = status.toString();
        else statusJson = quote(String.valueOf(status));
        Object request = child(context, "requestOverride");
        return "\"status_override\": " + statusJson
            + ", \"header_overrides\": " + stringObject(child(response, "header"))
            + ", \"request_overrides\": {\"header\": " + stringObject(child(request, "header"))
            + ", \"querystring\": " + stringObject(child(request, "querystring"))
            + ", \"path\": " + stringObject(child(request, "path")) + "}";
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
    /// (Debian's json-smart 2.2 rejects documents with 400 non-empty objects as "non natural depths";
    /// the payload side works around it with DepthRestoringParser.)
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
    /// `{"name": N, "ok": true, "output": O, ...}` or `{"name": N, "ok": false, "error": E, ...}`.
    /// A request may also carry "body" (a string, absent = ""), "params" ({path, querystring, header}
    /// of strings), "context" (merged recursively over defaultContext()) and "stageVariables"; every
    /// render gets $input, $util, $context and $stageVariables before `vars` are put (vars may
    /// override them). The line ends with "status_override" ($context.responseOverride.status after
    /// the render: a number for Integer/Long, a string otherwise, null if unset), "header_overrides"
    /// and "request_overrides" ({header, querystring, path}), maps of String.valueOf(value).
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

            Object body = request.get("body");
            Object params = request.get("params");
            Map<String, Object> paramMap = new LinkedHashMap<>();
            for (String kind : new String[] {"path", "querystring", "header"}) {
                paramMap.put(kind, stringMap(params instanceof Map ? ((Map<?, ?>) params).get(kind) : null));
            }
            ContextMap awsContext = defaultContext();
            if (request.get("context") instanceof Map) mergeContext(awsContext, (Map<?, ?>) request.get("context"));
            context.put("input", new Input(body == null ? "" : String.valueOf(body), paramMap));
            context.put("util", new Util());
            context.put("context", awsContext);
            context.put("stageVariables", stringMap(request.get("stageVariables")));

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
                result = "{\"name\": " + quote(name) + ", \"ok\": true, \"output\": " + quote(writer.toString());
            } catch (Throwable e) {
                Throwable cause = e;
                while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
                result = "{\"name\": " + quote(name) + ", \"ok\": false, \"error\": "
                    + quote(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                        + (cause != e ? " / " + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()) : ""));
            }
            out.println(result + ", " + overrides(awsContext) + "}");
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

    /// `bench DIR SECONDS`: the peer comparison's Velocity side (issue 16). A benchmark workload
    /// folder (template.vtl, body.json, optional params.json and context.json) is parsed once, then
    /// rendered for the given time after a warm-up long enough for the JIT, each render with a new
    /// context and the payload read anew by $input (as per invocation on API Gateway). Prints one
    /// JSON line: the mean time per render and the output of the last render (for the fidelity check).
    static void bench(RuntimeInstance ri, String dir, double seconds) throws Exception {
        java.nio.file.Path root = Paths.get(dir);
        String source = new String(Files.readAllBytes(root.resolve("template.vtl")), StandardCharsets.UTF_8);
        java.nio.file.Path bodyFile = root.resolve("body.json");
        String body = Files.exists(bodyFile) ? new String(Files.readAllBytes(bodyFile), StandardCharsets.UTF_8) : "";
        java.nio.file.Path paramsFile = root.resolve("params.json");
        Object params = Files.exists(paramsFile)
            ? new Json(new String(Files.readAllBytes(paramsFile), StandardCharsets.UTF_8)).parse() : null;
        java.nio.file.Path contextFile = root.resolve("context.json");
        Object contextJson = Files.exists(contextFile)
            ? new Json(new String(Files.readAllBytes(contextFile), StandardCharsets.UTF_8)).parse() : null;
        org.apache.velocity.Template template = new org.apache.velocity.Template();
        template.setRuntimeServices(ri);
        template.setName(dir);
        template.setData(ri.parse(new StringReader(source), dir));
        template.initDocument();
        String output = "";
        long renders = 0;
        long started = 0;
        // The first two seconds warm the JIT up and are not counted.
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        long end = 0;
        boolean counting = false;
        while (true) {
            long now = System.nanoTime();
            if (!counting && now >= warmUntil) {
                counting = true;
                started = now;
                end = now + (long) (seconds * 1e9);
                renders = 0;
            }
            if (counting && now >= end) break;
            Map<String, Object> paramMap = new LinkedHashMap<>();
            for (String kind : new String[] {"path", "querystring", "header"}) {
                paramMap.put(kind, stringMap(params instanceof Map ? ((Map<?, ?>) params).get(kind) : null));
            }
            ContextMap awsContext = defaultContext();
            if (contextJson instanceof Map) mergeContext(awsContext, (Map<?, ?>) contextJson);
            VelocityContext context = new VelocityContext();
            context.put("input", new Input(body, paramMap));
            context.put("util", new Util());
            context.put("context", awsContext);
            context.put("stageVariables", new LinkedHashMap<String, Object>());
            StringWriter writer = new StringWriter();
            template.merge(context, writer);
            output = writer.toString();
            renders++;
        }
        double micros = (System.nanoTime() - started) / 1e3 / Math.max(renders, 1);
        System.out.println("{\"engine\": \"velocity-1.7\", \"workload\": " + quote(root.getFileName().toString())
            + ", \"us_per_render\": " + micros + ", \"renders\": " + renders + ", \"output\": " + quote(output) + "}");
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("render")) {
            renderAll(newEngine());
            return;
        }
        if (args.length == 3 && args[0].equals("bench")) {
            bench(newEngine(), args[1], Double.parseDouble(args[2]));
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
