"""Seeded generators of templates and variables for the differential suite.

Parse-level: random concatenations of Velocity fragments (most are broken in interesting ways).
Render-level: templates built from the grammar (text, references into a random JSON context, #set
with arithmetic, nested #if/#foreach, methods, whitespace and newlines around directives).
"""
import random

FRAGMENTS = [
    "$", "$!", "${", "}", "$a", "$!a", "${a}", "$!{a}", "$a.b", "$a.b()", "$a.b(1)", "$a.b($c, 'x')",
    "$a[0]", "$a['k']", "$a[$i]", "[", "]", "(", ")", "{", "}", ".", "..", ",", ":", "!", "=",
    "#", "##", "#*", "*#", "#**", "#[[", "]]#", "\\", "\\\\", "\\$", "\\#", "\\#if", "\\\\#end",
    "#if(", "#if($a)", "#if(true)", "#elseif(", "#elseif($b)", "#else", "#{else}", "#end", "#{end}",
    "#set(", "#set($a = 1)", "#set($a =", "#{set}(", "#foreach(", "#foreach($i in $l)",
    "#foreach($i in [1..3])", "#define($d)", "#macro(m $x)", "#m(1)", "#break", "#stop", "#foo",
    "#foo(", "#@blk(", "#literal()", "#include(", "#evaluate(", " ", "  ", "\t", "\n", "\r\n",
    "x", "abc", "1", "-1", "2.5", "1..3", "'s'", "\"s\"", "\"$a\"", "\"#if(\"", "'a''b'", "\"a\"\"b\"",
    "true", "false", "in", "and", "or", "not", "==", "!=", "<", ">=", "+", "-", "*", "/", "%", "&&",
    "||", "-$a", "[1, 2]", "{'k': 1}", "{}", "[]", "[$a..$b]", "$a-3", "5-3", "5 - 3", "@", "_",
    # Pieces that only mean something inside directives and method calls.
    " [", "$a.m(", "{'a':", "[1..", "$b]", ": ", "\"x$a.b(\"", "(1)", "!$a", "not ", "$a.true", "${a.b}",
    "$a.b[0].c()", "$a.m([1, {'k': $v}])", "[$a.b()..3]", "{$k: [1..2]}", "\"\\u0041\"", "\"\\uZZ\"",
    "\"a##$\"", "'$a'", "#if($a == 1 && !$b || $c.d('x') >= 2.5)", "#set($m = {'k': $v, \"j\": [1, 2]})",
    "#set($a.b[0] = $c)", "#foreach($i in $a.b($c))", "$a.m( )", "$a.m($b,$c)", "\n  #set($x = 1)\n",
]


def parse_templates(seed, count):
    rng = random.Random(seed)
    for index in range(count):
        parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 14))]
        yield f"gen-{index:05d}.vtl", "".join(parts)


NAMES = ["a", "b", "c", "s", "n", "l", "m", "x", "y", "e"]
KEYS = ["k", "id", "name", "v", "list", "a", "size", "empty"]
STRINGS = ["", "a", "abc", "Hello World", "x/y", "a,b,,c,,", "é😀", "  pad  ", "1", "1.0", "true", "ß", "A-b_c"]


def json_value(rng, depth=0):
    kind = rng.randint(0, 9 if depth < 2 else 5)
    if kind == 0:
        return rng.choice([0, 1, -1, 7, 42, 2147483647, -2147483648, 2147483648, 9223372036854775807, 123456789012])
    if kind == 1:
        return rng.choice([0.0, 1.5, -2.25, 0.1, 1e8, 1.0e-5, 100.0, 3.14159])
    if kind in (2, 3):
        return rng.choice(STRINGS)
    if kind == 4:
        return rng.choice([True, False])
    if kind == 5:
        return None
    if kind in (6, 7):
        return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(KEYS): json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


class RenderGenerator:
    def __init__(self, rng):
        self.rng = rng

    def ws(self):
        return self.rng.choice(["", "", "", " ", "\n", "  ", "\t", " \n", "\n  ", "\r\n"])

    def name(self):
        return self.rng.choice(NAMES + ["i", "foreach", "velocityCount", "nope"])

    def reference(self, depth=0):
        r = self.rng
        base = r.choice(["$", "$", "$", "$!", "${", "$!{"])
        text = self.name()
        for _ in range(r.randint(0, 2)):
            step = r.randint(0, 9)
            if step < 3:
                text += "." + r.choice(KEYS + ["index", "count", "hasNext", "first", "last", "key", "value"])
            elif step < 7:
                text += self.method(depth)
            else:
                text += "[" + r.choice(["0", "1", "-1", "'k'", "$i", "'name'"]) + "]"
        if base.endswith("{"):
            return base + text + "}"
        return base + text

    def method(self, depth):
        r = self.rng
        choices = [
            ".size()", ".length()", ".isEmpty()", ".toString()", ".toUpperCase()", ".toLowerCase()",
            ".trim()", ".keySet()", ".values()", ".entrySet()", ".get(0)", ".get('k')", ".get($i)",
            ".charAt(0)", ".contains('a')", ".indexOf('b')", ".substring(1)", ".substring(0, 2)",
            ".replace('a', 'b')", ".startsWith('a')", ".endsWith('c')", ".equals('a')",
            ".concat('x')", ".containsKey('k')", ".add(1)", ".put('k', 2)", ".remove(0)",
            ".intValue()", ".doubleValue()", ".equalsIgnoreCase('ABC')", ".lastIndexOf('a')",
            # `.subList` is left out: Java's is a view whose changes reach the original list, ours a
            # copy (known-differences.md), and chained mutators would show that on purpose.
            ".hashCode()", ".compareTo('b')", ".isBlank()", ".split(',')",
        ]
        if depth < 2 and r.random() < 0.2:
            return f".get({self.expression(depth + 1)})"
        return r.choice(choices)

    def literal(self, depth):
        r = self.rng
        kind = r.randint(0, 9)
        if kind == 0:
            return str(r.choice([0, 1, 2, 3, 7, -7, 10, 100, 2147483647, -1, 9223372036854775807]))
        if kind == 1:
            return r.choice(["1.5", "0.1", "2.0", "-0.5", "1e3", "10.0"])
        if kind == 2:
            return "'" + r.choice(STRINGS).replace("'", "''") + "'"
        if kind == 3:
            inner = r.choice(["x", "$a", "${s}!", "#if($a)y#end", "n=$n", "", "$l.size()"])
            return '"' + inner + '"'
        if kind == 4:
            return r.choice(["true", "false"])
        if kind == 5 and depth < 2:
            return "[" + ", ".join(self.expression(depth + 1) for _ in range(r.randint(0, 3))) + "]"
        if kind == 6 and depth < 2:
            items = [f"'{r.choice(KEYS)}': {self.expression(depth + 1)}" for _ in range(r.randint(0, 3))]
            return "{" + ", ".join(items) + "}"
        if kind == 7:
            # Bounds stay small: a range is materialised (Java builds the whole list), and ranges of
            # more than ten million items are refused (known-differences.md).
            return f"[{r.choice(['1', '3', '0', '$i', '-2'])}..{r.choice(['3', '1', '5', '$i'])}]"
        return self.reference(depth + 1)

    def expression(self, depth=0):
        r = self.rng
        if depth > 2 or r.random() < 0.45:
            return self.literal(depth)
        op = r.choice(["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||", "and", "or", "eq"])
        left, right = self.expression(depth + 1), self.expression(depth + 1)
        if r.random() < 0.15:
            return f"!{left}"
        if r.random() < 0.2:
            return f"({left} {op} {right})"
        return f"{left} {op} {right}"

    def statement(self, depth):
        r = self.rng
        kind = r.randint(0, 12 if depth < 3 else 6)
        if kind <= 2:
            return r.choice(["x", "Hello", "{", "}", "\"k\": ", ",", "[", "]", "a b", "(", ")", ":", "-", "."]) + self.ws()
        if kind <= 4:
            return self.reference(depth)
        if kind <= 6:
            target = r.choice([
                f"${self.name()}", f"${self.name()}", f"${self.name()}", "$m.k", "$m.a.b", "$l[0]",
                "$m['k']", "${x}", "$!y", "$l[-1]", "$foreach.x",
            ])
            return f"{self.ws()}#set({target} = {self.expression()}){self.ws()}"
        if kind <= 8:
            text = f"#if({self.expression()}){self.ws()}{self.block(depth + 1)}"
            if r.random() < 0.4:
                text += f"#elseif({self.expression()}){self.ws()}{self.block(depth + 1)}"
            if r.random() < 0.5:
                text += f"#{r.choice(['else', '{else}'])}{self.ws()}{self.block(depth + 1)}"
            return text + f"#{r.choice(['end', '{end}'])}{self.ws()}"
        if kind <= 10:
            collection = r.choice(["$l", "$m", "[1..3]", "[3..1]", "$a", "$s.split(',')", "[1, 'two', 3.0]", "$m.keySet()", "$m.entrySet()", "$n", "[]"])
            body = self.block(depth + 1)
            if r.random() < 0.3:
                body += r.choice(["$foreach.index", "$foreach.count", "$foreach.hasNext", "$velocityCount", "#if($foreach.hasNext),#end", "#break", "$foreach.first$foreach.last"])
            return f"#foreach($i in {collection}){self.ws()}{body}#end{self.ws()}"
        if kind == 11:
            return f"#define($d){self.block(depth + 1)}#end{self.ws()}$d"
        return r.choice([
            "#stop", "##c\n", "#* c *#", "#[[$raw]]#", "\\$a", "\\#if", "#m(1)", "$ ", "# ",
            "\\\\$a", "\\$nope", "$!{nope}", "#macro(m $x)[$x]#end#m('a')", "#evaluate('$a')",
            "$velocityHasNext", "$foreach.parent.index", "#break($foreach)", "#define($r)$r#end$r",
            "\"$s\"", "#if($a)#break#end", "$!s.split(',').size()",
        ])

    def block(self, depth):
        return "".join(self.statement(depth) for _ in range(self.rng.randint(0, 4)))


def render_cases(seed, count):
    rng = random.Random(seed)
    generator = RenderGenerator(rng)
    for index in range(count):
        variables = {name: json_value(rng) for name in rng.sample(NAMES, rng.randint(0, len(NAMES)))}
        template = generator.block(0)
        yield f"render-{index:06d}", template, variables


# ---- API Gateway renders: $input, $util, $context, $stageVariables ---------------------------------

BODY_STRINGS = ["a", "x/y", "é€\u2028", "it's", "say \"hi\"", "a b&c=d", "", "100", "tab\there", "😀", "back\\slash"]
PATHS = [
    "$", "$.a", "$.s", "$.l", "$.l[0]", "$.l[1]", "$.l[-1]", "$.m", "$.m.p", "$.m.q", "$.m.q[0]", "$.n", "$.e",
    "$.missing", "$.l[*]", "$.m.*", "$..k", "$..p", "$.items[*].id", "$.items[0].tags", "$.items[?(@.price < 10)]",
    "$.items[?(@.stock)]", "$.items[1:3]", "$.items[-2:]", "$.items[0,2]", "$['a']", "$['a','s']", "$.items.length()",
    "$.items[?(@.name == 'b')].price", "$..price", "$.l[*].k", "$.big", "$.d",
]


def body_value(rng, depth=0):
    kind = rng.randint(0, 8 if depth < 3 else 4)
    if kind == 0:
        return rng.choice([0, 1, -7, 42, 2147483648, 12345678901234567890, 1.5, 0.1, 10.0, 1e-7])
    if kind in (1, 2):
        return rng.choice(BODY_STRINGS)
    if kind == 3:
        return rng.choice([True, False, None])
    if kind == 4:
        return rng.choice(BODY_STRINGS)
    if kind in (5, 6):
        return [body_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(["a", "k", "p", "q", "name", "price", "id"]): body_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def random_body(rng):
    import json as _json
    choice = rng.randint(0, 9)
    if choice == 0:
        return ""
    if choice == 1:
        return rng.choice(["a=b", "plain text", "{statusCode: 200}", "[1, 2,]", "'single'", "12", "true", "null"])
    document = {
        "a": 1, "s": rng.choice(BODY_STRINGS), "d": rng.choice([1.5, 10.0, 0.1]), "big": 12345678901,
        "l": [1, "two", {"k": None}], "m": {"p": True, "q": [1, 2]}, "n": None, "e": "",
        "items": [{"id": f"i{n}", "name": rng.choice(["a", "b", "c"]), "price": rng.choice([5, 12.5, 9.99]),
                   "stock": rng.choice([0, 1, 3]), "tags": ["t", "u/v"]} for n in range(rng.randint(0, 4))],
    }
    for _ in range(rng.randint(0, 3)):
        document[rng.choice(["x", "y", "z"])] = body_value(rng)
    return _json.dumps(document, ensure_ascii=rng.random() < 0.5, separators=rng.choice([(",", ":"), (", ", ": ")]))


class AwsGenerator(RenderGenerator):
    def reference(self, depth=0):
        r = self.rng
        if r.random() < 0.5:
            return super().reference(depth)
        path = r.choice(PATHS)
        quote = r.choice(["'", '"'])
        return r.choice([
            f"$input.json({quote}{path}{quote})", f"$input.path({quote}{path}{quote})",
            f"$input.path('{path}').size()", f"$input.path('{path}').toString()", "$input.body",
            "$input.params()", "$input.params('id')", "$input.params('q')", "$input.params('X-H')", "$input.params('nope')",
            "$input.params().header", "$input.params().querystring.q",
            f"$util.escapeJavaScript({self.string_argument()})", f"$util.urlEncode({self.string_argument()})",
            f"$util.urlDecode({self.string_argument()})", f"$util.base64Encode({self.string_argument()})",
            f"$util.base64Decode('aMOp')", "$util.parseJson($input.body)", "$util.parseJson('{\"a\": [1, 2]}').a",
            "$context.stage", "$context.requestId", "$context.identity.sourceIp", "$context.identity",
            "$context.identity.caller", "$context.keySet()", "$context.responseOverride.status",
            "$context.requestOverride.querystring", "$stageVariables.env", "$stageVariables['env']",
            "$context.requestTimeEpoch", "$context.httpMethod",
        ])

    def string_argument(self):
        r = self.rng
        return r.choice([f"'{s}'" for s in ["a b", "x/y", "é", "it''s", "%41", "a+b", "100%"]] +
                        ["$input.path('$.s')", "$input.body", "$input.json('$.l')", "$input.path('$.a')"])

    def statement(self, depth):
        r = self.rng
        if r.random() < 0.12:
            return r.choice([
                "#set($context.responseOverride.status = 418)", "#set($context.responseOverride.status = '404')",
                "#set($context.responseOverride.header.X-Custom = 'v')", "#set($context.requestOverride.querystring['q'] = 'z')",
                "#set($context.requestOverride.header.X-H = $input.path('$.a'))", "#set($context.requestOverride.path.p = [1, 2])",
                "#foreach($item in $input.path('$.items'))$item.id:$item.price#if($foreach.hasNext),#end#end",
                "#foreach($k in $input.path('$.m').keySet())$k=$input.path('$.m').get($k);#end",
                "#set($root = $input.path('$'))$root.l $root.m",
            ])
        return super().statement(depth)


def aws_render_cases(seed, count):
    rng = random.Random(seed)
    generator = AwsGenerator(rng)
    for index in range(count):
        request = {
            "body": random_body(rng),
            "params": {"path": {"id": "7"}, "querystring": {"q": rng.choice(["1", "a b", "é"])}, "header": {"X-H": "h"}},
            "context": rng.choice([{}, {"stage": "dev"}, {"identity": {"sourceIp": "198.51.100.7", "caller": "me"}}]),
            "stageVariables": rng.choice([{}, {"env": "test"}]),
        }
        yield f"aws-{index:06d}", generator.block(0), request
