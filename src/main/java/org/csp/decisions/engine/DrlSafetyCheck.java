package org.csp.decisions.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;

/**
 * Refuses DRL that could act outside its own evaluation, BEFORE the compiler sees it: the Drools build evaluates
 * unquoted metadata as MVEL ({@code @x(new java.io.File("/tmp/p").createNewFile())} ran during a validation), and
 * consequences, functions and condition expressions are Java/MVEL code that runs inside the service.
 *
 * <p>Two layers, both on the text of every file, so nothing is compiled or run to decide:
 * <ul>
 * <li>the parsed DRL ({@link DrlParser}, parsed once in {@link ParsedDrl} for the whole build): every value of every rule's metadata
 * must be a quoted string; the rules are counted for {@code rules.min-rules} / {@code rules.max-rules};</li>
 * <li>a lexical scan of the whole file (comments and string literals skipped, so explanations may mention anything),
 * which covers consequences, functions, queries, imports and every expression in conditions ({@code eval},
 * {@code from}, {@code accumulate}, inline casts): a deny-list of names ({@link #DENIED}), fully qualified names and
 * imports only from the packages in {@link #ALLOWED_PACKAGES}, no {@code .class}, no Unicode escapes (the Java
 * compiler decodes them before it reads the code, even inside comments), every annotation value quoted, and no
 * rule package inside a library's package. The scan is run twice, reading {@code '...'} as a Java character literal
 * and as an MVEL string, and refuses what either reading finds, so a quote that the two languages read differently
 * cannot hide code.</li>
 * </ul>
 * This is a deny-list on names, not a sandbox: it stops the obvious and the accidental. The admin token remains the
 * trust boundary - anyone who may change rules may run code in the service.
 */
public final class DrlSafetyCheck {
    /** Names refused anywhere in code (not in strings or comments), by what they reach. */
    static final Map<String, String> DENIED = new LinkedHashMap<>();

    private static void deny(String what, String... names) {
        for (String name : names) {
            DENIED.put(name, what);
        }
    }

    static {
        deny("process exit/halt or execution", "Runtime", "Process", "ProcessBuilder", "ProcessHandle", "Shutdown",
                "exit", "halt", "exec", "addShutdownHook", "removeShutdownHook", "asyncExit", "Quarkus");
        deny("System properties, environment, streams (System.out/err) or exit; of System only nanoTime, currentTimeMillis, identityHashCode and lineSeparator are allowed", "System", "getenv", "getProperty", "getProperties",
                "setProperty", "setProperties", "clearProperty", "loadLibrary", "mapLibraryName", "SecurityManager");
        deny("file I/O", "File", "Files", "Path", "Paths", "FileSystem", "FileSystems", "RandomAccessFile",
                "FileInputStream", "FileOutputStream", "FileReader", "FileWriter", "PrintWriter", "PrintStream",
                "FileChannel", "ObjectInputStream", "ObjectOutputStream");
        deny("network I/O", "Socket", "ServerSocket", "DatagramSocket", "SocketChannel", "URL", "URI",
                "URLConnection", "HttpURLConnection", "HttpClient", "InetAddress", "InetSocketAddress");
        deny("reflection or class loading", "Class", "ClassLoader", "ClassValue", "Module", "ModuleLayer",
                "Package", "StackWalker", "Method", "Field", "Constructor", "MethodHandle", "MethodHandles",
                "MethodType", "VarHandle", "Proxy", "ServiceLoader", "Unsafe", "Compiler", "forName", "getClass",
                "getClassLoader", "getContextClassLoader", "setContextClassLoader", "classLoader",
                "contextClassLoader", "loadClass", "defineClass", "findClass", "newInstance", "invoke", "invokeExact",
                "invokeWithArguments", "setAccessible", "trySetAccessible", "getMethod", "getMethods",
                "getDeclaredMethod", "getDeclaredMethods", "getField", "getFields", "getDeclaredField",
                "getDeclaredFields", "getConstructor", "getConstructors", "getDeclaredConstructor",
                "getDeclaredConstructors", "ScriptEngine", "ScriptEngineManager", "InitialContext", "MVEL");
        deny("threads (of Thread only sleep and onSpinWait are allowed)", "Thread", "ThreadGroup", "ThreadLocal", "InheritableThreadLocal", "Executor", "Executors",
                "ExecutorService", "ForkJoinPool", "CompletableFuture", "Timer", "TimerTask", "parallelStream",
                "parallel", "runAsync", "supplyAsync", "startVirtualThread");
        deny("the engine's runtime (consequences only emit findings)", "getKieRuntime", "getKnowledgeRuntime",
                "getWorkingMemory", "getKieBase", "getKnowledgeBase", "getKieSession", "getEntryPoint",
                "getChannels", "setGlobal", "getGlobals");
    }

    /**
     * Members of denied classes that are harmless and used in rules and tests: reading the clock, and blocking the
     * evaluation's own thread (which the evaluation's time limit already covers). Only {@code System.nanoTime()}
     * written exactly so is let through: {@code System} alone, or with any other member, is still refused.
     */
    static final Map<String, Set<String>> ALLOWED_MEMBERS = Map.of(
            "System", Set.of("nanoTime", "currentTimeMillis", "identityHashCode", "lineSeparator"),
            "Thread", Set.of("sleep", "onSpinWait"));

    /** Packages whose classes rules may name or import (and their sub-packages, minus {@link #DENIED_PACKAGES}). */
    static final List<String> ALLOWED_PACKAGES = List.of("org.csp.decisions.model", "java.lang", "java.util",
            "java.math", "java.time", "java.text");
    static final List<String> DENIED_PACKAGES = List.of("java.lang.reflect", "java.lang.invoke", "java.lang.ref",
            "java.lang.management", "java.lang.instrument", "java.lang.module", "java.lang.constant",
            "java.util.concurrent", "java.util.logging", "java.util.jar", "java.util.zip", "java.util.prefs",
            "java.util.spi");
    /** First parts of a qualified name that are package names, not variables. */
    static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jakarta", "jdk", "sun", "com", "org", "io",
            "net", "ch", "de", "edu", "kotlin", "scala", "groovy", "picocli", "antlr", "lombok", "mvel2");
    /** A rule package must not be one of the service's or its libraries' packages (simple names resolve there). */
    static final List<String> PROTECTED_PACKAGES = List.of("java", "javax", "jakarta", "jdk", "sun", "com.sun",
            "org.drools", "org.kie", "org.mvel2", "io.quarkus", "io.vertx", "io.netty", "io.smallrye", "io.micrometer",
            "org.jboss", "org.eclipse", "org.apache", "org.hibernate", "com.fasterxml", "org.antlr", "org.slf4j",
            "org.csp.decisions");
    private static final int MAX_ERRORS_PER_FILE = 20;
    private static final String PACKAGES_HINT = "rules may name classes of " + String.join(", ", ALLOWED_PACKAGES)
            + " only (not java.util.concurrent, java.lang.reflect and the like)";

    private final RuleSetLimits limits;

    public DrlSafetyCheck(RuleSetLimits limits) {
        this.limits = limits;
    }

    public DrlSafetyCheck() {
        this(RuleSetLimits.DEFAULTS);
    }

    /**
     * Checks every file; adds every refusal to {@code errors}. Runs no code and compiles nothing. Returns the .drl
     * files parsed (each once, for the rest of the build too), or null when a limit or the lexical scan refused the
     * set before parsing. A file that does not parse is not refused here: its parser errors are in the result.
     */
    public ParsedDrl check(List<RuleFile> files, List<RuleError> errors) {
        int before = errors.size();
        limits.checkSizes(files, errors);
        if (errors.size() > before) {
            return null; // nothing larger than the limits is even scanned
        }
        int lexicalRules = 0;
        for (RuleFile file : files) {
            lexicalRules += scan(file, errors);
        }
        if (lexicalRules > limits.maxRules()) { // a cheap count first: parsing a huge set costs memory too
            errors.add(limits.tooManyRules(lexicalRules));
            return null;
        }
        if (errors.size() > before) {
            return null;
        }
        ParsedDrl parsed = ParsedDrl.parse(files);
        int parsedRules = 0;
        for (Map.Entry<String, PackageDescr> file : parsed.descrs().entrySet()) {
            parsedRules += checkParsed(file.getKey(), file.getValue(), errors);
        }
        if (parsed.errors().isEmpty() && errors.size() == before) {
            limits.checkRuleCount(parsedRules, errors);
        }
        return parsed;
    }

    /** The parsed DRL: every metadata value quoted. Returns the number of rules. */
    private static int checkParsed(String path, PackageDescr pkg, List<RuleError> errors) {
        for (RuleDescr rule : pkg.getRules()) {
            for (AnnotationDescr annotation : rule.getAnnotations()) {
                for (Object value : annotation.getValueMap().values()) {
                    if (value != null && !isQuoted(value.toString())) {
                        int line = annotation.getLine() > 0 ? annotation.getLine() : rule.getLine();
                        String unquoted = value.toString().strip();
                        String fix = unquoted.length() <= 40 && !unquoted.contains("\"") ? unquoted : "...";
                        errors.add(new RuleError(path, line, 0, "rule \"" + rule.getName() + "\": metadata @"
                                + annotation.getName() + " must be a quoted string: write @" + annotation.getName()
                                + "(\"" + fix + "\") (an unquoted value would be run as code while the rule is compiled)"));
                    }
                }
            }
        }
        return pkg.getRules().size();
    }

    private static boolean isQuoted(String text) {
        String t = text.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"");
    }

    /** The lexical scan (twice, see the class comment). Returns the number of {@code rule} keywords. */
    private static int scan(RuleFile file, List<RuleError> errors) {
        Map<String, RuleError> found = new LinkedHashMap<>();
        unicodeEscapes(file, found);
        List<Token> javaReading = DrlTokens.tokens(file.content(), false);
        List<Token> mvelReading = DrlTokens.tokens(file.content(), true);
        check(file, javaReading, found);
        check(file, mvelReading, found);
        found.values().stream().limit(MAX_ERRORS_PER_FILE).forEach(errors::add);
        if (found.size() > MAX_ERRORS_PER_FILE) {
            errors.add(new RuleError(file.path(), 0, 0, (found.size() - MAX_ERRORS_PER_FILE)
                    + " more refusal(s) in this file not listed"));
        }
        return Math.max(ruleKeywords(javaReading), ruleKeywords(mvelReading));
    }

    private static int ruleKeywords(List<Token> tokens) {
        int count = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = tokens.get(i + 1);
            if (t.is("rule") && (next.kind() == Token.Kind.STRING || next.kind() == Token.Kind.IDENT)
                    && (i == 0 || !tokens.get(i - 1).is("."))) {
                count++;
            }
        }
        return count;
    }

    /** {@code \}{@code uXXXX} with an even number of backslashes before it: the Java compiler decodes it first. */
    private static void unicodeEscapes(RuleFile file, Map<String, RuleError> found) {
        String text = file.content();
        int line = 1;
        int backslashes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c == 'u' && backslashes % 2 == 1) {
                add(found, file, line, "a Unicode escape (\\u...) is not allowed: the Java compiler decodes it before "
                        + "reading the code, so it could hide code; write the character itself (files are UTF-8)");
            }
            backslashes = c == '\\' ? backslashes + 1 : 0;
        }
    }

    private static void check(RuleFile file, List<Token> tokens, Map<String, RuleError> found) {
        int importEnd = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.AT) {
                checkAnnotation(file, tokens, i, found);
                continue;
            }
            if (t.kind() != Token.Kind.IDENT) {
                continue;
            }
            boolean afterDot = i > 0 && (tokens.get(i - 1).is(".") || tokens.get(i - 1).is("#"));
            if (t.is("package") && i == 0) {
                String name = chain(tokens, i + 1);
                for (String p : PROTECTED_PACKAGES) {
                    if (name.equals(p) || name.startsWith(p + ".")) {
                        add(found, file, t.line(), "package " + name + " is not allowed: a rule package must not be "
                                + "one of the service's or its libraries' packages");
                    }
                }
                importEnd = chainEnd(tokens, i + 1);
                continue;
            }
            if (t.is("import") && !afterDot) {
                int start = i + 1;
                while (start < tokens.size() && (tokens.get(start).is("static") || tokens.get(start).is("function")
                        || tokens.get(start).is("accumulate"))) {
                    start++;
                }
                String name = chain(tokens, start);
                if (!allowedPackage(name)) {
                    add(found, file, t.line(), "import " + name + " is not allowed: " + PACKAGES_HINT);
                }
                importEnd = chainEnd(tokens, start); // its names are still checked against the deny-list
                continue;
            }
            if (t.is("class") && afterDot) {
                add(found, file, t.line(), "'.class' is not allowed: reflection or class loading");
                continue;
            }
            String what = DENIED.get(t.text());
            if (what != null && !afterDot && allowedMember(tokens, i)) {
                i += 2; // e.g. System.nanoTime: the class and its harmless member
                continue;
            }
            if (what != null) {
                add(found, file, t.line(), "'" + t.text() + "' is not allowed in rules: " + what);
                continue;
            }
            if (!afterDot && i > importEnd && i + 2 < tokens.size() && tokens.get(i + 1).is(".")
                    && looksLikePackage(tokens, i)) {
                String name = chain(tokens, i);
                if (!allowedPackage(name)) {
                    add(found, file, t.line(), "'" + name + "' is not allowed: " + PACKAGES_HINT);
                }
            }
        }
    }

    private static boolean allowedMember(List<Token> tokens, int i) {
        Set<String> members = ALLOWED_MEMBERS.get(tokens.get(i).text());
        return members != null && i + 2 < tokens.size() && tokens.get(i + 1).is(".")
                && tokens.get(i + 2).kind() == Token.Kind.IDENT && members.contains(tokens.get(i + 2).text());
    }

    /** {@code @name} or {@code @name("...")} or {@code @name(key = "...", ...)}: anything else is code. */
    private static void checkAnnotation(RuleFile file, List<Token> tokens, int at, Map<String, RuleError> found) {
        if (at + 1 >= tokens.size() || tokens.get(at + 1).kind() != Token.Kind.IDENT) {
            return; // not an annotation; nothing the compiler would evaluate
        }
        String name = tokens.get(at + 1).text();
        int i = at + 2;
        if (i >= tokens.size() || !tokens.get(i).is("(")) {
            return;
        }
        i++;
        boolean ok = true;
        int valueAt = i;
        while (i < tokens.size() && !tokens.get(i).is(")")) {
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.STRING) {
                i++;
            } else if (t.kind() == Token.Kind.IDENT && i + 2 < tokens.size() && tokens.get(i + 1).is("=")
                    && tokens.get(i + 2).kind() == Token.Kind.STRING) {
                i += 3;
            } else {
                ok = false;
                break;
            }
            if (i < tokens.size() && tokens.get(i).is(",")) {
                i++;
            }
        }
        if (!ok) {
            // The fix shows the value quoted when it is one plain word, e.g. @severity(LOW) -> @severity("LOW").
            boolean oneWord = valueAt + 1 < tokens.size() && tokens.get(valueAt).kind() == Token.Kind.IDENT
                    && tokens.get(valueAt + 1).is(")") && tokens.get(valueAt).text().length() <= 40;
            String fix = oneWord ? tokens.get(valueAt).text() : "...";
            add(found, file, tokens.get(at).line(), "metadata @" + name + " must be a quoted string: write @" + name
                    + "(\"" + fix + "\") (an unquoted value would be run as code while the rule is compiled)");
        }
    }

    /** {@code a.b.c} starting at {@code i}: identifiers joined by dots (a trailing {@code .*} included). */
    private static String chain(List<Token> tokens, int i) {
        StringBuilder out = new StringBuilder();
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.IDENT || t.is("*")) {
                out.append(t.text());
            } else {
                break;
            }
            if (i + 1 < tokens.size() && tokens.get(i + 1).is(".")) {
                out.append('.');
                i += 2;
            } else {
                break;
            }
        }
        return out.toString();
    }

    /** The index of the last token of the chain starting at {@code i}. */
    private static int chainEnd(List<Token> tokens, int i) {
        while (i + 2 < tokens.size() && tokens.get(i + 1).is(".")
                && (tokens.get(i + 2).kind() == Token.Kind.IDENT || tokens.get(i + 2).is("*"))) {
            i += 2;
        }
        return i;
    }

    /** {@code java.x...}, {@code org.x...} and the like, or {@code a.b.C} (two lower-case parts, then a class). */
    private static boolean looksLikePackage(List<Token> tokens, int i) {
        String first = tokens.get(i).text();
        if (first.startsWith("$")) {
            return false;
        }
        if (PACKAGE_ROOTS.contains(first)) {
            return true;
        }
        return i + 4 < tokens.size() && Character.isLowerCase(first.charAt(0))
                && tokens.get(i + 2).kind() == Token.Kind.IDENT && Character.isLowerCase(tokens.get(i + 2).text().charAt(0))
                && tokens.get(i + 3).is(".") && tokens.get(i + 4).kind() == Token.Kind.IDENT
                && Character.isUpperCase(tokens.get(i + 4).text().charAt(0));
    }

    /** Whether a qualified name (or an import, possibly ending in .*) lies in an allowed package. */
    static boolean allowedPackage(String name) {
        for (String denied : DENIED_PACKAGES) {
            if (name.equals(denied) || name.startsWith(denied + ".")) {
                return false;
            }
        }
        for (String allowed : ALLOWED_PACKAGES) {
            if (name.startsWith(allowed + ".")) {
                return true;
            }
        }
        return false;
    }

    private static void add(Map<String, RuleError> found, RuleFile file, int line, String message) {
        found.putIfAbsent(line + ":" + message, new RuleError(file.path(), line, 0, message));
    }

    /** A token of DRL/Java/MVEL text: enough to tell code from strings and comments. */
    record Token(Kind kind, String text, int line) {
        enum Kind { IDENT, STRING, AT, OTHER }

        boolean is(String s) {
            return kind != Kind.STRING && text.equals(s);
        }
    }

    /**
     * The tokenizer. Hand-written because no library reads a .drl file the way both of its compilers do (DRL with
     * MVEL conditions, Java consequences) while keeping every identifier with its line: the Drools parser keeps
     * consequences and expressions as unparsed text.
     */
    static final class DrlTokens {
        private DrlTokens() {
        }

        static List<Token> tokens(String text, boolean mvelQuotes) {
            List<Token> out = new ArrayList<>();
            int line = 1;
            int n = text.length();
            int i = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                    while (i < n && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                    i += 2;
                    while (i < n && !(text.charAt(i) == '*' && i + 1 < n && text.charAt(i + 1) == '/')) {
                        if (text.charAt(i) == '\n') {
                            line++;
                        }
                        i++;
                    }
                    i += 2;
                } else if (c == '"') {
                    int startLine = line;
                    boolean block = text.startsWith("\"\"\"", i);
                    i += block ? 3 : 1;
                    while (i < n) {
                        char s = text.charAt(i);
                        if (s == '\\') {
                            if (i + 1 < n && text.charAt(i + 1) == '\n') {
                                line++;
                            }
                            i += 2;
                            continue;
                        }
                        if (s == '\n') {
                            line++;
                        }
                        if (block ? text.startsWith("\"\"\"", i) : s == '"') {
                            i += block ? 3 : 1;
                            break;
                        }
                        i++;
                    }
                    out.add(new Token(Token.Kind.STRING, "\"\"", startLine));
                } else if (c == '\'') {
                    int end = mvelQuotes ? mvelStringEnd(text, i) : charLiteralEnd(text, i);
                    if (end < 0) {
                        out.add(new Token(Token.Kind.OTHER, "'", line));
                        i++;
                    } else {
                        int startLine = line;
                        for (int k = i; k < end; k++) {
                            if (text.charAt(k) == '\n') {
                                line++;
                            }
                        }
                        out.add(new Token(Token.Kind.STRING, "''", startLine));
                        i = end;
                    }
                } else if (Character.isJavaIdentifierStart(c)) {
                    int start = i;
                    while (i < n && Character.isJavaIdentifierPart(text.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Token.Kind.IDENT, text.substring(start, i), line));
                } else if (c == '@') {
                    out.add(new Token(Token.Kind.AT, "@", line));
                    i++;
                } else {
                    out.add(new Token(Token.Kind.OTHER, String.valueOf(c), line));
                    i++;
                }
            }
            return out;
        }

        /** {@code 'x'} or {@code '\n'} (a Java character literal): the index after it, or -1. */
        private static int charLiteralEnd(String text, int i) {
            int n = text.length();
            if (i + 2 < n && text.charAt(i + 1) != '\\' && text.charAt(i + 1) != '\'' && text.charAt(i + 1) != '\n'
                    && text.charAt(i + 2) == '\'') {
                return i + 3;
            }
            if (i + 1 < n && text.charAt(i + 1) == '\\') {
                for (int k = i + 3; k < Math.min(n, i + 9); k++) {
                    if (text.charAt(k) == '\'') {
                        return k + 1;
                    }
                }
            }
            return -1;
        }

        /** An MVEL single-quoted string: the index after its closing quote, or -1 when it is never closed. */
        private static int mvelStringEnd(String text, int i) {
            for (int k = i + 1; k < text.length(); k++) {
                char c = text.charAt(k);
                if (c == '\\') {
                    k++;
                } else if (c == '\'') {
                    return k + 1;
                }
            }
            return -1;
        }
    }
}
