package io.clusterwise.gateway.web;

import io.clusterwise.gateway.GatewayProperties;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A JSON request body is read at most {@code clusterwise.gateway.max-body-bytes} long — a larger one is a 413
 * ({@link BodyTooLargeException}) before anything is parsed or held in memory — and must be UTF-8 (RFC 8259), checked
 * strictly before it is parsed: the JSON parser decodes some invalid sequences (an overlong {@code C0 AF} becomes
 * {@code /}, an encoded surrogate half a character) instead of refusing them, and those must not reach a question or a
 * mute. Invalid bytes are a 400 like any unreadable body.
 */
@ControllerAdvice
class Utf8BodyAdvice extends RequestBodyAdviceAdapter {

    private final int maxBodyBytes;

    Utf8BodyAdvice(GatewayProperties properties) {
        this.maxBodyBytes = properties.gateway().maxBodyBytes();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (input.getHeaders().getContentLength() > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        byte[] body = input.getBody().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes); // sent without a length, or a false one
        }
        MediaType type = input.getHeaders().getContentType();
        if (type != null && type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset())) {
            return bytes(body, input); // the converter refuses or decodes a declared charset itself
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new HttpMessageNotReadableException("the request body is not valid UTF-8 (" + e.getMessage()
                    + "); JSON must be sent as UTF-8", input);
        }
        return bytes(body, input);
    }

    private static HttpInputMessage bytes(byte[] body, HttpInputMessage input) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }
}
