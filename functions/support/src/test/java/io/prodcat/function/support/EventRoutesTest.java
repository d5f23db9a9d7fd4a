package io.prodcat.function.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.events.EventType;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** PRODCAT_EVENTS_ROUTES: what is accepted, and a clear refusal at start for what is not. */
class EventRoutesTest {

    @Test
    void typesWithOrWithoutThePrefixGoToTheirUrls() {
        EventRoutes routes = EventRoutes.parse(" training.completed=http://gw:8080/async-function/prodcat-evaluate,\n"
                + "  io.prodcat.model.promoted=https://gw/function/prodcat-predict ");

        assertThat(routes.routeFor(EventType.TRAINING_COMPLETED))
                .contains(URI.create("http://gw:8080/async-function/prodcat-evaluate"));
        assertThat(routes.routeFor(EventType.MODEL_PROMOTED))
                .contains(URI.create("https://gw/function/prodcat-predict"));
        assertThat(routes.routeFor(EventType.DATASET_UPLOADED)).isEmpty();
        assertThat(EventRoutes.parse("").isEmpty()).isTrue();
        assertThat(EventRoutes.parse(null).isEmpty()).isTrue();
    }

    @Test
    void aMalformedMapStopsTheStartNamingTheEntry() {
        assertThatThrownBy(() -> EventRoutes.parse("training.completed"))
                .hasMessageContaining("'training.completed' is not type=url");
        assertThatThrownBy(() -> EventRoutes.parse("training.finished=http://gw/x"))
                .hasMessageContaining("unknown event type 'training.finished'");
        assertThatThrownBy(() -> EventRoutes.parse("training.completed=file:/etc/passwd"))
                .hasMessageContaining("needs an http(s) URL");
        assertThatThrownBy(
                        () -> EventRoutes.parse("training.completed=http://a/,io.prodcat.training.completed=http://b/"))
                .hasMessageContaining("twice");
    }
}
