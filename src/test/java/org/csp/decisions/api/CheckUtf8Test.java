package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link RequestReader#checkUtf8}, which reads eight bytes at a time, finds a NUL or a non-ASCII byte anywhere. */
class CheckUtf8Test {
    /** What checkUtf8 must answer: the problem's detail, or null when the body passes. */
    private static String expected(byte[] body) {
        boolean ascii = true;
        for (byte b : body) {
            if (b == 0) {
                return "the request body is not UTF-8: it contains NUL bytes (UTF-16 or UTF-32?); send UTF-8";
            }
            ascii &= b >= 0;
        }
        if (ascii) {
            return null;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            return null;
        } catch (java.nio.charset.CharacterCodingException e) {
            return "the request body is not valid UTF-8 (invalid, overlong or truncated byte sequence); send UTF-8";
        }
    }

    private static String actual(byte[] body) {
        try {
            RequestReader.checkUtf8(body);
            return null;
        } catch (ProblemException e) {
            return e.problem().detail();
        }
    }

    @Test
    void everyOddByteAtEveryPlace() {
        byte[][] odd = {{0}, {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0x80},
                {1}, {0x7F}, {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}, {(byte) 0xE2, (byte) 0x82}};
        for (int length = 0; length < 40; length++) {
            for (byte[] bytes : odd) {
                for (int at = 0; at + bytes.length <= length; at++) {
                    byte[] body = "{\"a\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".substring(0, length)
                            .getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(bytes, 0, body, at, bytes.length);
                    assertEquals(expected(body), actual(body), "length " + length + ", at " + at);
                }
            }
        }
    }
}
