package io.rekey.audit.query;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** Read access to the audit's stores: the running application's local stores, or a test driver's. */
public interface Stores {

    <V> ReadOnlyKeyValueStore<String, V> keyValue(String store);

    <V> ReadOnlyWindowStore<String, V> window(String store);
}
