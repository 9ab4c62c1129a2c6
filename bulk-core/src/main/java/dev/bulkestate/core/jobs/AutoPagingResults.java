package dev.bulkestate.core.jobs;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every result of a job as one lazy sequence, read a page at a time: only the current page is in
 * memory, and the next one is read when the current one is used up. The query's {@code limit}
 * and {@code status} filter are sent with every page.
 *
 * <p>Reading stops after a page with {@code has_more = false}, at an empty page, and at a page
 * that repeats the previous one (the same record ids): a server that keeps answering the same page
 * ends the sequence instead of looping forever.
 *
 * <p>Each call of {@link #iterator()}, {@link #stream()} or {@link #pages()} reads afresh from the
 * first page of the query. Not thread-safe per iterator.
 */
public final class AutoPagingResults implements Iterable<RecordResult> {
  private static final Logger LOG = LoggerFactory.getLogger(AutoPagingResults.class);

  private final BulkApi api;
  private final String jobId;
  private final ResultsQuery query;

  private AutoPagingResults(BulkApi api, String jobId, ResultsQuery query) {
    this.api = Objects.requireNonNull(api, "api");
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    this.query = Objects.requireNonNull(query, "query");
  }

  /** The results of {@code jobId} from {@code query}'s page on. */
  public static AutoPagingResults of(BulkApi api, String jobId, ResultsQuery query) {
    return new AutoPagingResults(api, jobId, query);
  }

  /** The results of {@code jobId}, 100 per page, from page 1. */
  public static AutoPagingResults of(BulkApi api, String jobId) {
    return of(api, jobId, ResultsQuery.first());
  }

  public String jobId() {
    return jobId;
  }

  /** The query of the first page. */
  public ResultsQuery query() {
    return query;
  }

  @Override
  public Iterator<RecordResult> iterator() {
    return new Iterator<>() {
      private final Iterator<ResultsPage> pages = pages().iterator();
      private Iterator<RecordResult> current = List.<RecordResult>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!pages.hasNext()) {
            return false;
          }
          current = pages.next().results().iterator();
        }
        return true;
      }

      @Override
      public RecordResult next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** The results as a sequential, ordered stream; pages are read as the stream is consumed. */
  public Stream<RecordResult> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** The pages themselves (for their summary or pagination), with the same stopping rules. */
  public Iterable<ResultsPage> pages() {
    return PageIterator::new;
  }

  /** Reads page after page and decides, before handing one out, whether it ends the sequence. */
  private final class PageIterator implements Iterator<ResultsPage> {
    private ResultsQuery nextQuery = query;
    private List<String> previousIds;
    private ResultsPage ready;
    private boolean done;

    @Override
    public boolean hasNext() {
      if (ready != null) {
        return true;
      }
      if (done) {
        return false;
      }
      ResultsPage page = Objects.requireNonNull(api.getResults(jobId, nextQuery),
          "getResults returned null");
      List<String> ids = page.results().stream().map(RecordResult::id).toList();
      if (ids.isEmpty()) {
        done = true;
        return false;
      }
      if (ids.equals(previousIds)) {
        LOG.warn("Page {} of job {} repeats the previous page; stopping", nextQuery.page(), jobId);
        done = true;
        return false;
      }
      previousIds = ids;
      if (!page.hasMore() || nextQuery.page() == Integer.MAX_VALUE) {
        done = true;
      } else {
        nextQuery = nextQuery.withPage(nextQuery.page() + 1);
      }
      ready = page;
      return true;
    }

    @Override
    public ResultsPage next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ResultsPage page = ready;
      ready = null;
      return page;
    }
  }
}
