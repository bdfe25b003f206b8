package com.playtcha.jakarta.internal.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A verify's request body, {@code application/json; charset=UTF-8}: HttpClient's
 * {@code ByteArrayEntity} formats its {@code ContentType} into a new string on every construction,
 * so once per post; here the header value is one constant.
 */
final class PostEntity extends AbstractHttpEntity {

    private static final String CONTENT_TYPE = ContentType.APPLICATION_JSON.toString();

    private final byte[] body;

    PostEntity(byte[] body) {
        super(CONTENT_TYPE, null, false);
        this.body = body;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return body.length;
    }

    @Override
    public InputStream getContent() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(body);
        out.flush();
    }

    @Override
    public boolean isStreaming() {
        return false;
    }

    @Override
    public void close() {
    }
}
