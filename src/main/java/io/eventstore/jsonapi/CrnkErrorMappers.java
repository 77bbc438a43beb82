package io.eventstore.jsonapi;

import io.crnk.core.engine.error.ErrorResponse;
import io.crnk.core.engine.error.ExceptionMapper;
import io.crnk.core.engine.http.HttpStatus;
import io.crnk.core.exception.CrnkMappableException;

import java.util.List;

/** How exceptions raised while crnk handles a request become error documents. */
final class CrnkErrorMappers {

    private CrnkErrorMappers() {
    }

    /** Our own refusals, exactly as they were raised. */
    static final class Refusals implements ExceptionMapper<ApiException> {
        @Override
        public ErrorResponse toErrorResponse(ApiException e) {
            return new ErrorResponse(List.of(ErrorDocuments.from(e)), e.status());
        }

        @Override
        public ApiException fromErrorResponse(ErrorResponse errorResponse) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public boolean accepts(ErrorResponse errorResponse) {
            return false;
        }
    }

    /**
     * Everything else: crnk's own exceptions keep their status with our wording; any other
     * exception is a fault of ours, logged under an id and answered 500 without details.
     */
    static final class Faults implements ExceptionMapper<Throwable> {
        @Override
        public ErrorResponse toErrorResponse(Throwable e) {
            if (e instanceof CrnkMappableException crnk && crnk.getHttpStatus() < 500) {
                return new ErrorResponse(List.of(ErrorDocuments.forStatus(crnk.getHttpStatus())), crnk.getHttpStatus());
            }
            return new ErrorResponse(List.of(ErrorDocuments.internal(e)), HttpStatus.INTERNAL_SERVER_ERROR_500);
        }

        @Override
        public Throwable fromErrorResponse(ErrorResponse errorResponse) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public boolean accepts(ErrorResponse errorResponse) {
            return false;
        }
    }
}
