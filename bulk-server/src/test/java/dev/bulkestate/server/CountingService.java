package dev.bulkestate.server;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.BulkService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link BulkService} that counts the API calls reaching the service it wraps. */
final class CountingService implements BulkService {
  final BulkService delegate;
  final AtomicInteger calls = new AtomicInteger();

  CountingService(BulkService delegate) {
    this.delegate = delegate;
  }

  @Override
  public BulkApi forApiKey(String apiKey) {
    BulkApi api = delegate.forApiKey(apiKey);
    return (BulkApi) Proxy.newProxyInstance(BulkApi.class.getClassLoader(),
        new Class<?>[] {BulkApi.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(api, args);
          }
          calls.incrementAndGet();
          try {
            return method.invoke(api, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public void setCredits(String apiKey, long credits) {
    delegate.setCredits(apiKey, credits);
  }

  @Override
  public long availableCredits(String apiKey) {
    return delegate.availableCredits(apiKey);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
