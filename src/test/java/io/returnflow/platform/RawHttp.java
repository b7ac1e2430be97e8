package io.returnflow.platform;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken over a raw socket, one request per connection: it sends exactly the bytes it is given (a raw
 * control character in a header, a backslash in the path, a method no client would use), which an HTTP client
 * would encode or refuse to send. Header names and values, and the request target, are taken as ISO-8859-1, one
 * character per byte.
 */
final class RawHttp {

    /** A guard against a server that never answers, not a measure of speed: long enough for any busy machine. */
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private RawHttp() {
    }

    /** One answer: its status, its headers by lower-case name (repeated ones joined by line feeds), and its body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends one request and reads its answer. {@code Host} and {@code Connection: close} are added; a
     * {@code Content-Length} is added for a body unless the headers frame it themselves.
     */
    static Answer send(int port, String method, String target, List<Map.Entry<String, String>> headers, byte[] body)
            throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
            boolean framed = false;
            for (Map.Entry<String, String> header : headers) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
                framed |= header.getKey().equalsIgnoreCase("Content-Length")
                        || header.getKey().equalsIgnoreCase("Transfer-Encoding");
            }
            if (body != null && !framed) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                request.write(body);
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // the server answered and closed before taking the whole request: its answer is still to be read
            }
            return read(new BufferedInputStream(socket.getInputStream()), method.equals("HEAD"));
        }
    }

    /** Reads one answer by its framing (the server may still be swallowing a body it refused). */
    static Answer read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before an answer: "
                        + lines.toString(StandardCharsets.ISO_8859_1));
            }
            lines.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] split = lines.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(split[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < split.length; i++) {
            int colon = split[i].indexOf(':');
            headers.merge(split[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    split[i].substring(colon + 1).trim(), (first, next) -> first + "\n" + next);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head || status == 204 || status == 304) {
            return new Answer(status, headers, new byte[0]);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.write(in.readNBytes(size));
                in.readNBytes(2);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(status, headers, body.toByteArray());
    }

    private static int chunkSize(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed inside a chunked body");
            }
            line.append((char) b);
        }
        String size = line.toString().trim();
        int extension = size.indexOf(';');
        return Integer.parseInt(extension < 0 ? size : size.substring(0, extension), 16);
    }
}
