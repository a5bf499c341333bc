package org.csp.decisions.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: the word-at-a-time tests that {@link RequestReader#checkUtf8} (NUL bytes, non-ASCII) and
 * {@link EvaluationJson#plain} (bytes JSON must escape) run over request and answer text. Each test answers whether
 * any byte of a word matches (masked with {@link #HIGH_BITS}, nonzero exactly then); the callers then find the byte
 * one at a time.
 */
final class ByteWords {
    /** The high bit of every byte. */
    static final long HIGH_BITS = 0x8080808080808080L;
    /** 0x01 in every byte: {@code c * ONES} repeats byte {@code c} eight times. */
    static final long ONES = 0x0101010101010101L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteWords() {
    }

    /** The eight bytes at {@code bytes[i, i + 8)} as one word. */
    static long word(byte[] bytes, int i) {
        return (long) LONGS.get(bytes, i);
    }

    /** Masked with {@link #HIGH_BITS}: nonzero exactly when some byte of {@code v} is zero. */
    static long zeroByte(long v) {
        return (v - ONES) & ~v;
    }
}
