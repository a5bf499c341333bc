package org.csp.decisions.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parent of every rule build's class loader. Compiling DRL asks the application's class loader for many names that do
 * not exist (each type a rule mentions is tried in every imported package, each generated class is looked up before
 * it is defined), and each miss walks the class path and builds an exception with a stack trace: in a warm rebuild of
 * the bundled rules that was most of the time. The application's classes never change while it runs, so a miss is
 * remembered and answered at once the next time.
 */
final class MissCachingClassLoader extends ClassLoader {
    /** Generated class names differ per build, so the set is emptied now and then rather than growing forever. */
    private static final int MAX_REMEMBERED = 50_000;

    static {
        registerAsParallelCapable();
    }

    private final Set<String> missing = ConcurrentHashMap.newKeySet();

    MissCachingClassLoader(ClassLoader parent) {
        super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (missing.contains(name)) {
            throw new Missing(name);
        }
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException e) {
            if (missing.size() >= MAX_REMEMBERED) {
                missing.clear();
            }
            missing.add(name);
            throw e;
        }
    }

    /** A remembered miss: no stack trace, which is most of what a miss used to cost. */
    private static final class Missing extends ClassNotFoundException {
        Missing(String name) {
            super(name);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
