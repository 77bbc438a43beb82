package bench.peer;

import com.yahoo.elide.annotation.Include;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.SQLRestriction;

import java.time.Instant;

/**
 * The service's `event` row as a plain JPA entity (columns by Spring's snake-case naming). The
 * seven relationships are id attributes here: the related resources are not stored, so an Elide
 * client filters on them with RSQL (filter[event]=prospectId==p-1). The id is given by the client.
 * Every statement names org 1, as the service's name the caller's org: the table's primary key is
 * (org_id, id), and a read by id alone would scan it.
 */
@Entity
@Table(name = "event")
@SQLRestriction("org_id = 1")
@Include(name = "event")
public class Event {
    @Id
    private Long id;
    private Long orgId;
    private String name;
    private Instant eventAt;
    private Instant createdAt;
    private Instant updatedAt;
    private String body;
    private String externalUrl;
    private String payload;
    private String requestCity;
    private String requestDevice;
    private String requestHost;
    private Boolean requestProxied;
    private String requestRegion;
    private String accountId;
    private String callId;
    private String mailingId;
    private String opportunityId;
    private String prospectId;
    private String taskId;
    private String userId;

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public Long getOrgId() { return orgId; }
    public void setOrgId(Long orgId) { this.orgId = orgId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Instant getEventAt() { return eventAt; }
    public void setEventAt(Instant eventAt) { this.eventAt = eventAt; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
    public String getBody() { return body; }
    public void setBody(String body) { this.body = body; }
    public String getExternalUrl() { return externalUrl; }
    public void setExternalUrl(String externalUrl) { this.externalUrl = externalUrl; }
    public String getPayload() { return payload; }
    public void setPayload(String payload) { this.payload = payload; }
    public String getRequestCity() { return requestCity; }
    public void setRequestCity(String requestCity) { this.requestCity = requestCity; }
    public String getRequestDevice() { return requestDevice; }
    public void setRequestDevice(String requestDevice) { this.requestDevice = requestDevice; }
    public String getRequestHost() { return requestHost; }
    public void setRequestHost(String requestHost) { this.requestHost = requestHost; }
    public Boolean getRequestProxied() { return requestProxied; }
    public void setRequestProxied(Boolean requestProxied) { this.requestProxied = requestProxied; }
    public String getRequestRegion() { return requestRegion; }
    public void setRequestRegion(String requestRegion) { this.requestRegion = requestRegion; }
    public String getAccountId() { return accountId; }
    public void setAccountId(String accountId) { this.accountId = accountId; }
    public String getCallId() { return callId; }
    public void setCallId(String callId) { this.callId = callId; }
    public String getMailingId() { return mailingId; }
    public void setMailingId(String mailingId) { this.mailingId = mailingId; }
    public String getOpportunityId() { return opportunityId; }
    public void setOpportunityId(String opportunityId) { this.opportunityId = opportunityId; }
    public String getProspectId() { return prospectId; }
    public void setProspectId(String prospectId) { this.prospectId = prospectId; }
    public String getTaskId() { return taskId; }
    public void setTaskId(String taskId) { this.taskId = taskId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
}
