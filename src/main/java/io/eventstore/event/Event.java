package io.eventstore.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crnk.core.resource.annotations.JsonApiId;
import io.crnk.core.resource.annotations.JsonApiRelation;
import io.crnk.core.resource.annotations.JsonApiRelationId;
import io.crnk.core.resource.annotations.JsonApiResource;
import io.crnk.core.resource.annotations.LookupIncludeBehavior;
import io.crnk.core.resource.annotations.RelationshipRepositoryBehavior;
import io.crnk.core.resource.annotations.SerializeType;

import java.time.Instant;

/**
 * The Event resource as crnk reads and writes it ({@code type: event}, {@code /events}).
 * Relationships keep only the related id: linkage is written from it, nothing is looked up, and
 * relationship requests are forwarded to the event repository.
 */
@JsonApiResource(type = "event", resourcePath = "events")
public class Event {

    @JsonApiId
    private String id;
    private String name;
    private Instant eventAt;
    private Instant createdAt;
    private Instant updatedAt;
    private String body;
    private String externalUrl;
    private ObjectNode payload;
    private String requestCity;
    private String requestDevice;
    private String requestHost;
    private Boolean requestProxied;
    private String requestRegion;

    @JsonApiRelationId
    private String accountId;

    @JsonApiRelation(lookUp = LookupIncludeBehavior.NONE, serialize = SerializeType.ONLY_ID,
            repositoryBehavior = RelationshipRepositoryBehavior.FORWARD_OWNER)
    private RelatedResources.Account account;

    @JsonApiRelationId
    private String callId;

    @JsonApiRelation(lookUp = LookupIncludeBehavior.NONE, serialize = SerializeType.ONLY_ID,
            repositoryBehavior = RelationshipRepositoryBehavior.FORWARD_OWNER)
    private RelatedResources.Call call;

    @JsonApiRelationId
    private String mailingId;

    @JsonApiRelation(lookUp = LookupIncludeBehavior.NONE, serialize = SerializeType.ONLY_ID,
            repositoryBehavior = RelationshipRepositoryBehavior.FORWARD_OWNER)
    private RelatedResources.Mailing mailing;

    @JsonApiRelationId
    private String opportunityId;

    @JsonApiRelation(lookUp = LookupIncludeBehavior.NONE, serialize = SerializeType.ONLY_ID,
            repositoryBehavior = RelationshipRepositoryBehavior.FORWARD_OWNER)
    private RelatedResources.Opportunity opportunity;

    @JsonApiRelationId
    private String prospectId;

    @JsonApiRelation(lookUp = LookupIncludeBehavior.NONE, serialize = SerializeType.ONLY_ID,
            repositoryBehavior = RelationshipRepositoryBehavior.FORWARD_OWNER)
    private RelatedResources.Prospect prospect;

    @JsonApiRelationId
    private String taskId;

    @JsonApiRelation(lookUp = LookupIncludeBehavior.NONE, serialize = SerializeType.ONLY_ID,
            repositoryBehavior = RelationshipRepositoryBehavior.FORWARD_OWNER)
    private RelatedResources.Task task;

    @JsonApiRelationId
    private String userId;

    @JsonApiRelation(lookUp = LookupIncludeBehavior.NONE, serialize = SerializeType.ONLY_ID,
            repositoryBehavior = RelationshipRepositoryBehavior.FORWARD_OWNER)
    private RelatedResources.User user;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Instant getEventAt() {
        return eventAt;
    }

    public void setEventAt(Instant eventAt) {
        this.eventAt = eventAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public String getExternalUrl() {
        return externalUrl;
    }

    public void setExternalUrl(String externalUrl) {
        this.externalUrl = externalUrl;
    }

    public ObjectNode getPayload() {
        return payload;
    }

    public void setPayload(ObjectNode payload) {
        this.payload = payload;
    }

    public String getRequestCity() {
        return requestCity;
    }

    public void setRequestCity(String requestCity) {
        this.requestCity = requestCity;
    }

    public String getRequestDevice() {
        return requestDevice;
    }

    public void setRequestDevice(String requestDevice) {
        this.requestDevice = requestDevice;
    }

    public String getRequestHost() {
        return requestHost;
    }

    public void setRequestHost(String requestHost) {
        this.requestHost = requestHost;
    }

    public Boolean getRequestProxied() {
        return requestProxied;
    }

    public void setRequestProxied(Boolean requestProxied) {
        this.requestProxied = requestProxied;
    }

    public String getRequestRegion() {
        return requestRegion;
    }

    public void setRequestRegion(String requestRegion) {
        this.requestRegion = requestRegion;
    }

    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public RelatedResources.Account getAccount() {
        return account;
    }

    public void setAccount(RelatedResources.Account account) {
        this.account = account;
        this.accountId = account == null ? null : account.getId();
    }

    public String getCallId() {
        return callId;
    }

    public void setCallId(String callId) {
        this.callId = callId;
    }

    public RelatedResources.Call getCall() {
        return call;
    }

    public void setCall(RelatedResources.Call call) {
        this.call = call;
        this.callId = call == null ? null : call.getId();
    }

    public String getMailingId() {
        return mailingId;
    }

    public void setMailingId(String mailingId) {
        this.mailingId = mailingId;
    }

    public RelatedResources.Mailing getMailing() {
        return mailing;
    }

    public void setMailing(RelatedResources.Mailing mailing) {
        this.mailing = mailing;
        this.mailingId = mailing == null ? null : mailing.getId();
    }

    public String getOpportunityId() {
        return opportunityId;
    }

    public void setOpportunityId(String opportunityId) {
        this.opportunityId = opportunityId;
    }

    public RelatedResources.Opportunity getOpportunity() {
        return opportunity;
    }

    public void setOpportunity(RelatedResources.Opportunity opportunity) {
        this.opportunity = opportunity;
        this.opportunityId = opportunity == null ? null : opportunity.getId();
    }

    public String getProspectId() {
        return prospectId;
    }

    public void setProspectId(String prospectId) {
        this.prospectId = prospectId;
    }

    public RelatedResources.Prospect getProspect() {
        return prospect;
    }

    public void setProspect(RelatedResources.Prospect prospect) {
        this.prospect = prospect;
        this.prospectId = prospect == null ? null : prospect.getId();
    }

    public String getTaskId() {
        return taskId;
    }

    public void setTaskId(String taskId) {
        this.taskId = taskId;
    }

    public RelatedResources.Task getTask() {
        return task;
    }

    public void setTask(RelatedResources.Task task) {
        this.task = task;
        this.taskId = task == null ? null : task.getId();
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public RelatedResources.User getUser() {
        return user;
    }

    public void setUser(RelatedResources.User user) {
        this.user = user;
        this.userId = user == null ? null : user.getId();
    }
}
