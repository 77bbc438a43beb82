package io.eventstore.event;

import io.crnk.core.resource.links.DefaultLink;
import io.crnk.core.resource.links.Link;
import io.crnk.core.resource.links.PagedLinksInformation;
import io.crnk.core.resource.links.SelfLinksInformation;

/**
 * Top-level links of a page: {@code self}, {@code first}, {@code prev} and {@code next}, the last
 * two written as {@code null} when there is no such page, as the cursor pagination profile asks.
 * There is no {@code last}: a cursor cannot name it without counting.
 */
public class PageLinks implements PagedLinksInformation, SelfLinksInformation {

    private Link self;
    private Link first;
    private Link prev;
    private Link next;

    public PageLinks(String first, String prev, String next) {
        this.first = new DefaultLink(first);
        this.prev = new DefaultLink(prev); // a link without href is written as null
        this.next = new DefaultLink(next);
    }

    @Override
    public Link getSelf() {
        return self;
    }

    @Override
    public void setSelf(Link self) {
        this.self = self;
    }

    @Override
    public Link getFirst() {
        return first;
    }

    @Override
    public void setFirst(Link first) {
        this.first = first;
    }

    @Override
    public Link getLast() {
        return null;
    }

    @Override
    public void setLast(Link last) {
        // cursor paging has no last page link
    }

    @Override
    public Link getPrev() {
        return prev;
    }

    @Override
    public void setPrev(Link prev) {
        this.prev = prev;
    }

    @Override
    public Link getNext() {
        return next;
    }

    @Override
    public void setNext(Link next) {
        this.next = next;
    }
}
