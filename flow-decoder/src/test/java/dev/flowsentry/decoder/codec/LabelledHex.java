package dev.flowsentry.decoder.codec;

import java.io.ByteArrayOutputStream;

/**
 * Export datagrams written as labelled hex, one field or group a line: {@code "0009 0001 | version
 * 9, count 1"}. Everything after {@code |} is a label; spaces between hex digits are ignored.
 */
final class LabelledHex {

    private LabelledHex() {}

    static byte[] bytes(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            int label = line.indexOf('|');
            String hex = (label < 0 ? line : line.substring(0, label)).replace(" ", "");
            if (hex.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits in '" + line + "'");
            }
            for (int i = 0; i < hex.length(); i += 2) {
                out.write(Integer.parseInt(hex.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }

    /** {@code value} as {@code bytes} bytes of hex, big-endian. */
    static String hex(long value, int bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = bytes - 1; i >= 0; i--) {
            text.append(String.format("%02x", (value >>> (8 * i)) & 0xFF));
        }
        return text.toString();
    }
}
