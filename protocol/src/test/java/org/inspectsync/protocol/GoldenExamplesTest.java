package org.inspectsync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The wire types read and write the golden examples unchanged")
class GoldenExamplesTest {

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of(Golden.PUSH_REQUEST, PushRequest.class),
        Arguments.of(Golden.PUSH_RESPONSE, PushResponse.class),
        Arguments.of(Golden.PULL_RESPONSE, PullResponse.class),
        Arguments.of(Golden.ERROR, ErrorBody.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("round trip")
  void roundTrip(String name, Class<?> type) throws Exception {
    JsonNode original = Json.MAPPER.readTree(Golden.read(name));
    Object decoded = Json.MAPPER.treeToValue(original, type);
    assertEquals(original, Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(decoded)));
  }
}
