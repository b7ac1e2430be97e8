package io.returnflow.platform;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body a filter has read already under a size cap, handed on so that what comes after reads the same
 * bytes again. A filter that must see a body before passing it on reads it with {@link #readAtMost}: a body is read
 * into memory whole, so the cap is what keeps a large one from filling the heap.
 */
public class BodyReadAgain extends HttpServletRequestWrapper {

    private final byte[] body;

    public BodyReadAgain(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    /**
     * The request's body when it has at most {@code maxBytes} bytes, else empty: a declared Content-Length above the
     * cap is refused unread; a chunked body (no Content-Length) is read up to one byte past the cap, enough to tell.
     */
    public static Optional<byte[]> readAtMost(HttpServletRequest request, long maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return Optional.empty();
        }
        byte[] body = request.getInputStream().readNBytes(Math.toIntExact(maxBytes + 1));
        return body.length > maxBytes ? Optional.empty() : Optional.of(body);
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("the body has been read already: read it synchronously");
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
    }

    /** The body as text in the charset the request declares, else (none, or one unknown) in UTF-8. */
    @Override
    public BufferedReader getReader() {
        Charset charset = StandardCharsets.UTF_8;
        try {
            if (getCharacterEncoding() != null) {
                charset = Charset.forName(getCharacterEncoding());
            }
        } catch (IllegalArgumentException e) {
            // an unknown charset: read as UTF-8
        }
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    /** The bytes read. */
    protected byte[] body() {
        return body;
    }
}
