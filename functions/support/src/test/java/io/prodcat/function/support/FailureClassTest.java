package io.prodcat.function.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.storage.StorageException;
import io.prodcat.adapters.tracking.TrackingException;
import io.prodcat.events.EventFormatException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.server.ResponseStatusException;

class FailureClassTest {

    private final ProblemResponses answers = new ProblemResponses();

    @Test
    void eachFailureLandsInItsClassByItsOutermostTellingCause() {
        assertThat(FailureClass.of(new BadInput("no key"))).isEqualTo(FailureClass.BAD_INPUT);
        assertThat(FailureClass.of(new EventFormatException("no id"))).isEqualTo(FailureClass.BAD_INPUT);
        assertThat(FailureClass.of(new ObjectNotFoundException(new S3Location("b", "k"))))
                .isEqualTo(FailureClass.BAD_INPUT);
        assertThat(FailureClass.of(new StorageException("refused", null))).isEqualTo(FailureClass.DEPENDENCY_DOWN);
        assertThat(FailureClass.of(new TrackingException("MLflow 503", null))).isEqualTo(FailureClass.DEPENDENCY_DOWN);
        assertThat(FailureClass.of(new ConnectionException(new SQLException("gone"))))
                .isEqualTo(FailureClass.DEPENDENCY_DOWN);
        assertThat(FailureClass.of(new UncheckedIOException(new ConnectException("refused"))))
                .isEqualTo(FailureClass.DEPENDENCY_DOWN);
        assertThat(FailureClass.of(new IllegalStateException("wrapped", new SQLException("gone"))))
                .as("a cause deeper down still tells")
                .isEqualTo(FailureClass.DEPENDENCY_DOWN);
        assertThat(FailureClass.of(new DependencyUnavailable("down", new BadInput("inner"))))
                .as("the outermost telling cause wins")
                .isEqualTo(FailureClass.DEPENDENCY_DOWN);
        assertThat(FailureClass.of(new NullPointerException())).isEqualTo(FailureClass.BUG);
        assertThat(FailureClass.of(new IllegalArgumentException("engine"))).isEqualTo(FailureClass.BUG);
    }

    @Test
    void aBugIs500WithACorrelationIdAndNoInternalsWhileOtherClassesKeepTheirAnswers() {
        ProblemDetail bug = answers.unhandled(new IllegalStateException("secret internal state jdbc://host"));
        ProblemDetail outage = answers.unhandled(new StorageException("cannot reach http://minio:9000", null));
        ProblemDetail bad = answers.unhandled(new EventFormatException("no such field\nsecond line"));

        assertThat(bug.getStatus()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR.value());
        assertThat(bug.getDetail()).doesNotContain("secret").doesNotContain("jdbc");
        assertThat(bug.getProperties()).containsKey("correlationId");
        assertThat(outage.getStatus()).isEqualTo(503);
        assertThat(outage.getDetail()).doesNotContain("minio");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getDetail()).isEqualTo("no such field");
    }

    @Test
    void springsOwnAnswersAreLeftToSpring() {
        ResponseStatusException notFound = new ResponseStatusException(HttpStatus.NOT_FOUND);
        AccessDeniedException denied = new AccessDeniedException("no");

        assertThatThrownBy(() -> answers.unhandled(notFound)).isSameAs(notFound);
        assertThatThrownBy(() -> answers.unhandled(denied)).isSameAs(denied);
    }
}
