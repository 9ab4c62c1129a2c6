package dev.bulkestate.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.NotFoundException;
import dev.bulkestate.core.Pagination;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AutoPagingResultsTest {
  private static final String ID = "job_1";
  private final FakeBulkApi api = new FakeBulkApi();

  /** A server holding {@code total} results r0..r(n-1), paging them like the API. */
  private void serve(int total) {
    api.pages = (id, query) -> {
      int from = (query.page() - 1) * query.limit();
      List<RecordResult> results = IntStream.range(from, Math.min(total, from + query.limit()))
          .mapToObj(i -> RecordResult.success("r" + i, null)).toList();
      return new ResultsPage(id, JobStatus.COMPLETED, results,
          Pagination.of(query.page(), query.limit(), total), null, null);
    };
  }

  private static List<String> ids(Iterable<RecordResult> results) {
    List<String> ids = new ArrayList<>();
    results.forEach(r -> ids.add(r.id()));
    return ids;
  }

  @Test
  void readsEveryPageInOrderCarryingLimitAndStatusFilter() {
    serve(5);
    ResultsQuery query = ResultsQuery.page(1, 2).withStatus(RecordStatus.FAILED);
    assertThat(ids(AutoPagingResults.of(api, ID, query)))
        .containsExactly("r0", "r1", "r2", "r3", "r4");
    assertThat(api.pagesRead()).containsExactly(1, 2, 3);
    assertThat(api.pageQueries).allSatisfy(q -> {
      assertThat(q.limit()).isEqualTo(2);
      assertThat(q.status()).isEqualTo(RecordStatus.FAILED);
    });
  }

  @Test
  void isLazyOnePageAtATime() {
    serve(10);
    AutoPagingResults results = AutoPagingResults.of(api, ID, ResultsQuery.page(1, 3));
    assertThat(api.pageQueries).isEmpty();
    Iterator<RecordResult> iterator = results.iterator();
    assertThat(api.pageQueries).isEmpty();
    assertThat(iterator.next().id()).isEqualTo("r0");
    assertThat(api.pagesRead()).containsExactly(1);
    assertThat(results.stream().limit(4).map(RecordResult::id).toList())
        .containsExactly("r0", "r1", "r2", "r3");
    // The stream read pages 1 and 2 afresh; nothing beyond what it used.
    assertThat(api.pagesRead()).containsExactly(1, 1, 2);
  }

  @Test
  void startsAtTheQuerysPage() {
    serve(7);
    assertThat(ids(AutoPagingResults.of(api, ID, ResultsQuery.page(2, 3))))
        .containsExactly("r3", "r4", "r5", "r6");
    assertThat(api.pagesRead()).containsExactly(2, 3);
  }

  @Test
  void anExactMultipleEndsOnHasMoreFalseWithoutAnExtraRead() {
    serve(4);
    assertThat(ids(AutoPagingResults.of(api, ID, ResultsQuery.page(1, 2)))).hasSize(4);
    assertThat(api.pagesRead()).containsExactly(1, 2);
  }

  @Test
  void anEmptyJobGivesNothing() {
    serve(0);
    AutoPagingResults results = AutoPagingResults.of(api, ID);
    assertThat(results.stream().count()).isZero();
    assertThat(api.pagesRead()).containsExactly(1);
    assertThatThrownBy(() -> results.iterator().next()).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void anEmptyPageThatClaimsMoreStopsTheSequence() {
    api.pages = (id, query) -> new ResultsPage(id, JobStatus.COMPLETED,
        query.page() == 1 ? List.of(RecordResult.success("a", null)) : List.of(),
        new Pagination(query.page(), query.limit(), 100, true), null, null);
    assertThat(ids(AutoPagingResults.of(api, ID))).containsExactly("a");
    assertThat(api.pagesRead()).containsExactly(1, 2);
  }

  @Test
  void aServerThatRepeatsAPageStopsInsteadOfLoopingForever() {
    // Always answers page 1's content with has_more=true, whatever page is asked.
    api.pages = (id, query) -> new ResultsPage(id, JobStatus.COMPLETED,
        List.of(RecordResult.success("a", null), RecordResult.success("b", null)),
        new Pagination(1, 2, 100, true), null, null);
    assertThat(ids(AutoPagingResults.of(api, ID, ResultsQuery.page(1, 2)))).containsExactly("a", "b");
    assertThat(api.pagesRead()).containsExactly(1, 2);
  }

  @Test
  void aPageRepeatedLaterThanTheFirstAlsoStops() {
    api.pages = (id, query) -> new ResultsPage(id, JobStatus.COMPLETED,
        List.of(RecordResult.success(query.page() >= 2 ? "b" : "a", null)),
        new Pagination(query.page(), 1, 100, true), null, null);
    assertThat(ids(AutoPagingResults.of(api, ID, ResultsQuery.page(1, 1)))).containsExactly("a", "b");
    assertThat(api.pagesRead()).containsExactly(1, 2, 3);
  }

  @Test
  void pagesAreIterableWithTheSameRules() {
    serve(5);
    List<ResultsPage> pages = new ArrayList<>();
    AutoPagingResults.of(api, ID, ResultsQuery.page(1, 2)).pages().forEach(pages::add);
    assertThat(pages).extracting(p -> p.pagination().page()).containsExactly(1, 2, 3);
    assertThat(pages.get(2).hasMore()).isFalse();
  }

  @Test
  void errorsOfTheApiReachTheCaller() {
    api.pages = (id, query) -> {
      throw BulkApiException.of(ApiError.of(ErrorCode.JOB_NOT_FOUND, "expired"));
    };
    Iterator<RecordResult> iterator = AutoPagingResults.of(api, ID).iterator();
    assertThatThrownBy(iterator::hasNext).isInstanceOf(NotFoundException.class);
  }
}
