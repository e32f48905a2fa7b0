/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AlertFrequency =
  /** In the day's digest. */
  | 'DAILY'
  /** As soon as a matching job is published. */
  | 'INSTANT';

/** Where an application stands in the hiring pipeline. */
export type ApplicationStatus =
  | 'APPLIED'
  | 'HIRED'
  | 'INTERVIEW'
  | 'OFFER'
  | 'REJECTED'
  | 'SCREENING'
  | 'WITHDRAWN';

export type ApplyToJobInput = {
  availabilityDate?: string | null | undefined;
  coverLetter?: string | null | undefined;
  expectedSalary?: MoneyInput | null | undefined;
  /**
   * Any string unique to this attempt: a retried request with the same key
   * returns the application the first one made instead of failing.
   */
  idempotencyKey?: string | null | undefined;
  jobId: string | number;
  resumeUrl?: string | null | undefined;
  /**
   * Where the applicant came from: the `utm_source` of the page that
   * brought them, or a board's name (at most 100 characters).
   */
  source?: string | null | undefined;
};

/** Head count bands. */
export type CompanySize =
  | 'S1_10'
  | 'S11_50'
  | 'S51_200'
  | 'S201_500'
  | 'S501_1000'
  | 'S1000_PLUS';

export type CreateCompanyInput = {
  description?: string | null | undefined;
  foundedYear?: number | null | undefined;
  headquarters?: LocationInput | null | undefined;
  industry?: string | null | undefined;
  logoUrl?: string | null | undefined;
  name: string;
  size?: CompanySize | null | undefined;
  /** Made from the name when left out. */
  slug?: string | null | undefined;
  website?: string | null | undefined;
};

/** A new job; it starts as a DRAFT. */
export type CreateJobInput = {
  applicationDeadline?: string | null | undefined;
  categoryIds?: Array<string | number>;
  companyId: string | number;
  /** Markdown. */
  description: string;
  employmentType: EmploymentType;
  experienceLevel: ExperienceLevel;
  expiresAt?: string | null | undefined;
  /** Admins only. */
  isFeatured?: boolean;
  /** At least one unless the job is REMOTE. */
  locations?: Array<LocationInput>;
  maxApplications?: number | null | undefined;
  remotePolicy: RemotePolicy;
  requirements?: string | null | undefined;
  responsibilities?: string | null | undefined;
  salary?: SalaryInput | null | undefined;
  skills?: Array<JobSkillInput>;
  title: string;
};

/** When email of a category goes out. */
export type EmailFrequency =
  /** One email a day listing the day's notifications. */
  | 'DAILY_DIGEST'
  /** One email per notification, as it happens (held through quiet hours). */
  | 'INSTANT';

export type EmploymentType =
  | 'CONTRACT'
  | 'FREELANCE'
  | 'FULL_TIME'
  | 'INTERNSHIP'
  | 'PART_TIME'
  | 'TEMPORARY';

export type ExperienceLevel =
  | 'ENTRY'
  | 'EXECUTIVE'
  | 'JUNIOR'
  | 'LEAD'
  | 'MID'
  | 'SENIOR';

/** A circle on the map: jobs with a location inside it. */
export type GeoRadius = {
  /** The radius, in kilometres. */
  km: number;
  lat: number;
  lng: number;
};

export type InterviewStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'NO_SHOW'
  | 'RESCHEDULED'
  | 'SCHEDULED';

export type InterviewType =
  | 'ONSITE'
  | 'PHONE'
  | 'VIDEO';

/**
 * What the jobs found must be. Each list matches any of its values, except
 * `skills`, which a job must all have.
 */
export type JobSearchFilter = {
  /** Category names, as the category facet gives them. */
  categories?: Array<string> | null | undefined;
  cities?: Array<string> | null | undefined;
  companyIds?: Array<string | number> | null | undefined;
  /** ISO 3166-1 alpha-2 codes of one of the job's locations. */
  countryCodes?: Array<string> | null | undefined;
  employmentTypes?: Array<EmploymentType> | null | undefined;
  experienceLevels?: Array<ExperienceLevel> | null | undefined;
  /** Jobs with a location within this circle. */
  near?: GeoRadius | null | undefined;
  postedAfter?: string | null | undefined;
  remotePolicies?: Array<RemotePolicy> | null | undefined;
  /** Jobs that may pay at least this a year (their range reaches it), in `salaryCurrency`. */
  salaryAtLeast?: number | null | undefined;
  /** Jobs that may pay at most this a year (their range starts below it). */
  salaryAtMost?: number | null | undefined;
  /** ISO 4217; EUR unless told. Salaries in other currencies are compared by reference rates. */
  salaryCurrency?: string | null | undefined;
  /** Skill names, as the skill facet gives them; a job must have every one. */
  skills?: Array<string> | null | undefined;
  /** Only jobs of verified companies. */
  verifiedOnly?: boolean | null | undefined;
};

export type JobSearchSort =
  /** Newest first. */
  | 'DATE'
  /** Nearest first; needs `filter.near`. */
  | 'DISTANCE'
  /** Best match first, newer jobs ahead of equal older ones. */
  | 'RELEVANCE'
  /** Highest yearly salary first (in euros by reference rates); jobs without one last. */
  | 'SALARY';

export type JobSkillInput = {
  required?: boolean;
  skillId: string | number;
};

/** Where a job is in its life. See [`JobStatus::can_become`]. */
export type JobStatus =
  | 'CLOSED'
  | 'DRAFT'
  | 'EXPIRED'
  | 'FILLED'
  | 'PAUSED'
  | 'PUBLISHED';

export type LocationInput = {
  city: string;
  /** ISO 3166-1 alpha-2, e.g. DE. */
  countryCode: string;
  lat?: number | null | undefined;
  lon?: number | null | undefined;
  region?: string | null | undefined;
};

export type MoneyInput = {
  amount: number;
  /** ISO 4217, such as EUR. */
  currency: string;
};

/** What a notification is about; preferences are set per category. */
export type NotificationCategory =
  | 'ACCOUNT'
  | 'APPLICATION_UPDATES'
  | 'INTERVIEWS'
  | 'JOB_ALERTS'
  | 'MARKETING';

/** How a notification reaches its user. */
export type NotificationChannel =
  | 'EMAIL'
  /** The feed in the product, live through `notificationAdded`. */
  | 'IN_APP';

/**
 * Where a notification stands: in-app ones are SENT (in the feed) until
 * READ; email ones PENDING until SENT or, after their last attempt, FAILED.
 */
export type NotificationStatus =
  | 'FAILED'
  | 'PENDING'
  | 'READ'
  | 'SENT';

export type RegisterInput = {
  email: string;
  firstName: string;
  lastName: string;
  /** At least 10 characters; not a common password; not your email. */
  password: string;
  /** JOB_SEEKER or EMPLOYER; nobody registers as ADMIN. */
  role?: Role;
};

/** Where the work happens. */
export type RemotePolicy =
  | 'HYBRID'
  | 'ON_SITE'
  | 'REMOTE';

/** What a user may do. `ADMIN` passes every ownership check. */
export type Role =
  | 'ADMIN'
  | 'EMPLOYER'
  | 'JOB_SEEKER';

export type SalaryInput = {
  /** ISO 4217, e.g. EUR. */
  currency: string;
  max: number;
  min: number;
  period?: SalaryPeriod;
};

/** What a salary amount is per. */
export type SalaryPeriod =
  | 'HOUR'
  | 'MONTH'
  | 'YEAR';

export type SaveSearchInput = {
  filter?: JobSearchFilter | null | undefined;
  frequency?: AlertFrequency;
  name: string;
  /** Words, as searchJobs takes them; empty for every job the filter lets through. */
  query?: string;
};

export type ScheduleInterviewInput = {
  applicationId: string | number;
  durationMinutes?: number;
  /** Where, for an onsite interview. */
  location?: string | null | undefined;
  /** The link, for a video interview. */
  meetingUrl?: string | null | undefined;
  scheduledAt: string;
  /** IANA time zone the interview is arranged in, such as Europe/Berlin. */
  timezone: string;
  type: InterviewType;
};

export type SuggestionKind =
  | 'COMPANY'
  | 'PLACE'
  | 'SKILL'
  | 'TITLE';

/** One tracked event. The user is the token's, never the input's. */
export type TrackEventInput = {
  /** The company viewed (required for COMPANY_VIEWED). */
  companyId?: string | number | null | undefined;
  /** The job viewed or applied to (required for JOB_VIEWED and APPLY_STARTED). */
  jobId?: string | number | null | undefined;
  /** When it happened; counted within the last 24 hours, never in the future. Now, unless told. */
  occurredAt?: string | null | undefined;
  /**
   * A JSON object of at most 4 KiB about what was on screen (say
   * `{"resultCount": 0}` for a search). Never personal data.
   */
  properties?: unknown;
  referrer?: string | null | undefined;
  /** The client's session (1 to 100 characters). */
  sessionId: string;
  type: TrackedEventType;
  utmCampaign?: string | null | undefined;
  utmMedium?: string | null | undefined;
  utmSource?: string | null | undefined;
};

/** What a client saw or did. */
export type TrackedEventType =
  | 'APPLY_STARTED'
  | 'COMPANY_VIEWED'
  | 'JOB_LIST_VIEWED'
  | 'JOB_VIEWED'
  | 'SEARCH_PERFORMED';

/** Fields left out stay as they are; null clears an optional field; a list replaces the old one. */
export type UpdateJobInput = {
  applicationDeadline?: string | null | undefined;
  categoryIds?: Array<string | number> | null | undefined;
  description?: string | null | undefined;
  employmentType?: EmploymentType | null | undefined;
  experienceLevel?: ExperienceLevel | null | undefined;
  expiresAt?: string | null | undefined;
  /** Admins only. */
  isFeatured?: boolean | null | undefined;
  locations?: Array<LocationInput> | null | undefined;
  maxApplications?: number | null | undefined;
  remotePolicy?: RemotePolicy | null | undefined;
  requirements?: string | null | undefined;
  responsibilities?: string | null | undefined;
  salary?: SalaryInput | null | undefined;
  skills?: Array<JobSkillInput> | null | undefined;
  title?: string | null | undefined;
};

export type UpdateNotificationPreferenceInput = {
  category: NotificationCategory;
  channel: NotificationChannel;
  enabled: boolean;
  /** Email only; INSTANT when left out. */
  frequency?: EmailFrequency | null | undefined;
};

export type TrackEventMutationVariables = Exact<{
  input: TrackEventInput;
}>;


export type TrackEventMutation = { trackEvent: boolean };

export type SuggestQueryVariables = Exact<{
  prefix: string;
}>;


export type SuggestQuery = { suggest: Array<{ kind: SuggestionKind, text: string, count: number }> };

export type UnreadCountQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadCountQuery = { unreadNotificationCount: number };

export type NotificationAddedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type NotificationAddedSubscription = { notificationAdded: { id: string, title: string, link: string | null, unreadCount: number | null } };

export type AdminUsersQueryVariables = Exact<{
  query?: string | null | undefined;
}>;


export type AdminUsersQuery = { users: { totalCount: number, edges: Array<{ node: { id: string, email: string | null, firstName: string, lastName: string, role: Role, isVerified: boolean, isActive: boolean, createdAt: string } }> } };

export type AdminCompaniesQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminCompaniesQuery = { companies: { edges: Array<{ node: { id: string, name: string, isVerified: boolean, createdAt: string, owner: { email: string | null } | null } }> } };

export type VerifyCompanyMutationVariables = Exact<{
  id: string | number;
}>;


export type VerifyCompanyMutation = { verifyCompany: { id: string, isVerified: boolean } };

export type PlatformStatsQueryVariables = Exact<{
  from: string;
  to: string;
  timezone?: string | null | undefined;
}>;


export type PlatformStatsQuery = { platformStats: { series: Array<{ start: string, activeUsers: number, jobSeekerSignups: number, employerSignups: number, applications: number, jobsPublished: number }>, totals: { activeUsers: number, jobSeekerSignups: number, employerSignups: number, jobsPublished: number, applications: number, hires: number, searches: number, zeroResultSearches: number } } };

export type MyApplicationsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyApplicationsQuery = { myApplications: { edges: Array<{ node: { id: string, status: ApplicationStatus, submittedAt: string, updatedAt: string, job: { id: string, title: string, company: { name: string } | null } | null } }> } };

export type ApplicationPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ApplicationPageQuery = { application: { id: string, status: ApplicationStatus, submittedAt: string, coverLetter: string | null, version: number, job: { id: string, title: string, company: { name: string } | null } | null, history: Array<{ from: ApplicationStatus | null, to: ApplicationStatus, at: string, reason: string | null }>, interviews: Array<{ id: string, type: InterviewType, status: InterviewStatus, scheduledAt: string, endsAt: string, durationMinutes: number, timezone: string, location: string | null, meetingUrl: string | null }> } | null };

export type WithdrawMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type WithdrawMutation = { withdrawApplication: { id: string, status: ApplicationStatus } };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, refreshToken: string, expiresAt: string, user: { id: string, role: Role, firstName: string } } };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { accessToken: string, refreshToken: string, expiresAt: string, user: { id: string, role: Role, firstName: string } } };

export type BoardQueryVariables = Exact<{
  jobId: string | number;
}>;


export type BoardQuery = { job: { id: string, title: string, applications: { edges: Array<{ node: { id: string, status: ApplicationStatus, submittedAt: string, coverLetter: string | null, applicant: { id: string, firstName: string, lastName: string } | null, interviews: Array<{ id: string, type: InterviewType, status: InterviewStatus, scheduledAt: string, timezone: string }>, notes: Array<{ id: string, body: string, createdAt: string }> | null } }> } } | null };

export type MoveApplicationMutationVariables = Exact<{
  id: string | number;
  to: ApplicationStatus;
}>;


export type MoveApplicationMutation = { moveApplication: { id: string, status: ApplicationStatus } };

export type ScheduleInterviewMutationVariables = Exact<{
  input: ScheduleInterviewInput;
}>;


export type ScheduleInterviewMutation = { scheduleInterview: { id: string, scheduledAt: string } };

export type AddRecruiterNoteMutationVariables = Exact<{
  applicationId: string | number;
  body: string;
}>;


export type AddRecruiterNoteMutation = { addRecruiterNote: { id: string } };

export type MyCompaniesQueryVariables = Exact<{ [key: string]: never; }>;


export type MyCompaniesQuery = { me: { id: string, companies: { edges: Array<{ node: { id: string, name: string, isVerified: boolean } }> } } | null };

export type CompanyJobsQueryVariables = Exact<{
  companyId: string | number;
}>;


export type CompanyJobsQuery = { jobs: { edges: Array<{ node: { id: string, title: string, status: JobStatus, version: number, applicationCount: number } }> } };

export type CreateCompanyMutationVariables = Exact<{
  input: CreateCompanyInput;
}>;


export type CreateCompanyMutation = { createCompany: { id: string, name: string } };

export type PublishJobMutationVariables = Exact<{
  id: string | number;
  version?: number | null | undefined;
}>;


export type PublishJobMutation = { publishJob: { id: string, status: JobStatus, version: number } };

export type PauseJobMutationVariables = Exact<{
  id: string | number;
  version?: number | null | undefined;
}>;


export type PauseJobMutation = { pauseJob: { id: string, status: JobStatus, version: number } };

export type CloseJobMutationVariables = Exact<{
  id: string | number;
  version?: number | null | undefined;
}>;


export type CloseJobMutation = { closeJob: { id: string, status: JobStatus, version: number } };

export type CreateJobMutationVariables = Exact<{
  input: CreateJobInput;
}>;


export type CreateJobMutation = { createJob: { id: string, version: number } };

export type EditJobQueryVariables = Exact<{
  id: string | number;
}>;


export type EditJobQuery = { job: { id: string, title: string, description: string, employmentType: EmploymentType, experienceLevel: ExperienceLevel, remotePolicy: RemotePolicy, version: number, status: JobStatus, company: { id: string } | null, locations: Array<{ city: string, countryCode: string }>, salary: { min: number, max: number, currency: string } | null } | null };

export type UpdateJobMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdateJobInput;
}>;


export type UpdateJobMutation = { updateJob: { id: string, version: number } };

export type JobPageQueryVariables = Exact<{
  id: string | number;
  seeker: boolean;
}>;


export type JobPageQuery = { job: { id: string, title: string, description: string, requirements: string | null, responsibilities: string | null, employmentType: EmploymentType, experienceLevel: ExperienceLevel, remotePolicy: RemotePolicy, status: JobStatus, publishedAt: string | null, applicationDeadline: string | null, acceptsApplications: boolean, salary: { min: number, max: number, currency: string, period: SalaryPeriod } | null, locations: Array<{ city: string, region: string | null, countryCode: string }>, skills: Array<{ required: boolean, skill: { id: string, name: string } }>, company: { id: string, name: string, description: string | null, website: string | null, isVerified: boolean } | null, similarJobs: Array<{ id: string, title: string, company: { name: string } | null }> | null, myApplication?: { id: string, status: ApplicationStatus, submittedAt: string } | null } | null };

export type ApplyMutationVariables = Exact<{
  input: ApplyToJobInput;
}>;


export type ApplyMutation = { applyToJob: { id: string, status: ApplicationStatus, submittedAt: string } };

export type NotificationFeedQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type NotificationFeedQuery = { notifications: { edges: Array<{ node: { id: string, title: string, body: string, link: string | null, status: NotificationStatus, createdAt: string, readAt: string | null, category: NotificationCategory } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MarkNotificationReadMutationVariables = Exact<{
  id: string | number;
}>;


export type MarkNotificationReadMutation = { markNotificationRead: { id: string, status: NotificationStatus, readAt: string | null } };

export type MarkAllNotificationsReadMutationVariables = Exact<{ [key: string]: never; }>;


export type MarkAllNotificationsReadMutation = { markAllNotificationsRead: number };

export type NotificationPreferencesQueryVariables = Exact<{ [key: string]: never; }>;


export type NotificationPreferencesQuery = { notificationPreferences: { timezone: string, items: Array<{ category: NotificationCategory, channel: NotificationChannel, enabled: boolean, frequency: EmailFrequency, locked: boolean }> } };

export type UpdateNotificationPreferenceMutationVariables = Exact<{
  input: UpdateNotificationPreferenceInput;
}>;


export type UpdateNotificationPreferenceMutation = { updateNotificationPreference: { category: NotificationCategory, channel: NotificationChannel, enabled: boolean, frequency: EmailFrequency, locked: boolean } };

export type MySavedSearchesQueryVariables = Exact<{ [key: string]: never; }>;


export type MySavedSearchesQuery = { mySavedSearches: Array<{ id: string, name: string, query: string, filter: string | null, frequency: AlertFrequency, createdAt: string }> };

export type DeleteSavedSearchMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteSavedSearchMutation = { deleteSavedSearch: boolean };

export type SearchJobsQueryVariables = Exact<{
  query?: string | null | undefined;
  filter?: JobSearchFilter | null | undefined;
  sort?: JobSearchSort | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchJobsQuery = { searchJobs: { searchId: string | null, totalCount: number, facets: { employmentType: Array<{ value: string, label: string, count: number }>, experienceLevel: Array<{ value: string, label: string, count: number }>, remotePolicy: Array<{ value: string, label: string, count: number }>, skill: Array<{ value: string, label: string, count: number }>, country: Array<{ value: string, label: string, count: number }>, city: Array<{ value: string, label: string, count: number }>, salary: Array<{ from: number, to: number | null, count: number }> }, edges: Array<{ cursor: string, score: number, highlights: Array<{ field: string, snippet: string }>, node: { id: string, title: string, employmentType: EmploymentType, experienceLevel: ExperienceLevel, remotePolicy: RemotePolicy, publishedAt: string | null, salary: { min: number, max: number, currency: string, period: SalaryPeriod } | null, locations: Array<{ city: string, countryCode: string }>, company: { id: string, name: string, isVerified: boolean } | null } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SaveSearchMutationVariables = Exact<{
  input: SaveSearchInput;
}>;


export type SaveSearchMutation = { saveSearch: { id: string, name: string, frequency: AlertFrequency } };

export type SearchResultClickedMutationVariables = Exact<{
  searchId: string | number;
  jobId: string | number;
  position: number;
}>;


export type SearchResultClickedMutation = { searchResultClicked: boolean };

export type JobStatsQueryVariables = Exact<{
  id: string | number;
  from: string;
  to: string;
  timezone?: string | null | undefined;
}>;


export type JobStatsQuery = { job: { id: string, title: string, stats: { series: Array<{ start: string, views: number, uniqueViewers: number, applyStarts: number, applications: number }>, totals: { views: number, uniqueViewers: number, applyStarts: number, applications: number, hires: number, conversionRate: number | null }, funnel: Array<{ step: string, count: number }>, bySource: Array<{ source: string, views: number, applyStarts: number, applications: number }> } | null } | null };

export type RefreshMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshMutation = { refreshToken: { accessToken: string, refreshToken: string, expiresAt: string, user: { id: string, role: Role, firstName: string } } };

export type SessionFieldsFragment = { accessToken: string, refreshToken: string, expiresAt: string, user: { id: string, role: Role, firstName: string } };

export type LogoutMutationVariables = Exact<{
  refreshToken: string;
}>;


export type LogoutMutation = { logout: boolean };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SessionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionFields on AuthPayload {
  accessToken
  refreshToken
  expiresAt
  user {
    id
    role
    firstName
  }
}
    `, {"fragmentName":"SessionFields"}) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
export const TrackEventDocument = {"__meta__":{"hash":"sha256:dc2df7d4514b34f21ae0a08217a532082bc03dc14a4f6b8fd6d09e7bdaa9d080"}} as unknown as TypedDocumentString<TrackEventMutation, TrackEventMutationVariables>;
export const SuggestDocument = {"__meta__":{"hash":"sha256:8580abff963cf0df0f78f39c00c81aa45d19f6179ce1dc7b7c4a46ded9385e18"}} as unknown as TypedDocumentString<SuggestQuery, SuggestQueryVariables>;
export const UnreadCountDocument = {"__meta__":{"hash":"sha256:3968958b467b136a3c1e230f6bf02db4248267a5671ea6523395938e79653e4e"}} as unknown as TypedDocumentString<UnreadCountQuery, UnreadCountQueryVariables>;
export const NotificationAddedDocument = {"__meta__":{"hash":"sha256:53a6a5ce69e9681ba0fedfb18c4995c5a835d8d00d496aa8f4312112a3f9b91a"}} as unknown as TypedDocumentString<NotificationAddedSubscription, NotificationAddedSubscriptionVariables>;
export const AdminUsersDocument = {"__meta__":{"hash":"sha256:234019a816a19bf118116cc6eeb2ab3fbb3fa4f35d9b62f0858eceb7587f952b"}} as unknown as TypedDocumentString<AdminUsersQuery, AdminUsersQueryVariables>;
export const AdminCompaniesDocument = {"__meta__":{"hash":"sha256:b200e2f2c3384c3806e5cf831d3ac41ae9671e827cdceb22a0e1197cf840244d"}} as unknown as TypedDocumentString<AdminCompaniesQuery, AdminCompaniesQueryVariables>;
export const VerifyCompanyDocument = {"__meta__":{"hash":"sha256:9c8f5deb0799d53b8e0a37305575b9e4f9e9cba390daff07c5cf5212353bc88a"}} as unknown as TypedDocumentString<VerifyCompanyMutation, VerifyCompanyMutationVariables>;
export const PlatformStatsDocument = {"__meta__":{"hash":"sha256:8ea9671d5511fcf66b67b8ac6c93122738b1e204bdb77340ed5b24525d2fb83b"}} as unknown as TypedDocumentString<PlatformStatsQuery, PlatformStatsQueryVariables>;
export const MyApplicationsDocument = {"__meta__":{"hash":"sha256:de55fe4c88d7213c4764626c1543aa922b25d578b8270af8d7657535b16d0453"}} as unknown as TypedDocumentString<MyApplicationsQuery, MyApplicationsQueryVariables>;
export const ApplicationPageDocument = {"__meta__":{"hash":"sha256:77faf6e251e3e922ac3fbcbb98fc149388dd46652583ff70a266c456b70e016e"}} as unknown as TypedDocumentString<ApplicationPageQuery, ApplicationPageQueryVariables>;
export const WithdrawDocument = {"__meta__":{"hash":"sha256:51c2342be0317fd4afc3b07f2316f43766f81577971b129d50b5a416101064fc"}} as unknown as TypedDocumentString<WithdrawMutation, WithdrawMutationVariables>;
export const LoginDocument = {"__meta__":{"hash":"sha256:cbf20b49fe2594bf827759346ed198c77a58a202ac887c1342914a09684ef632"}} as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const RegisterDocument = {"__meta__":{"hash":"sha256:acb78cca8d3b79b8fc94bac5cb16a8d1dfed0e18b61aa7f4327d5e1ca58029ec"}} as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const BoardDocument = {"__meta__":{"hash":"sha256:1db7d66ea103a0111a1a31fc8cd233e7d70bcbb6197ab34f3176be0a52e91e30"}} as unknown as TypedDocumentString<BoardQuery, BoardQueryVariables>;
export const MoveApplicationDocument = {"__meta__":{"hash":"sha256:19a46e92ec24314f74e2df8cd52cf620a5b3f48a623af10b2c4a35ca3e90e59b"}} as unknown as TypedDocumentString<MoveApplicationMutation, MoveApplicationMutationVariables>;
export const ScheduleInterviewDocument = {"__meta__":{"hash":"sha256:ebbd6ddaeed0b2903fde772e78281778bfc4ac625ccd5992c64a589de7ab448f"}} as unknown as TypedDocumentString<ScheduleInterviewMutation, ScheduleInterviewMutationVariables>;
export const AddRecruiterNoteDocument = {"__meta__":{"hash":"sha256:1f37867950aae02eef0ad04ee773f239dd4f2dd924e36e13c5a7e7d02abd0994"}} as unknown as TypedDocumentString<AddRecruiterNoteMutation, AddRecruiterNoteMutationVariables>;
export const MyCompaniesDocument = {"__meta__":{"hash":"sha256:bfb7cf11ffeb5e56510ef7d86230cfd81771b3234936142bd5370091e043a10a"}} as unknown as TypedDocumentString<MyCompaniesQuery, MyCompaniesQueryVariables>;
export const CompanyJobsDocument = {"__meta__":{"hash":"sha256:f314c7a54c514a869626dea5322f9925d0b92065a8910e4fcde223f9552cf076"}} as unknown as TypedDocumentString<CompanyJobsQuery, CompanyJobsQueryVariables>;
export const CreateCompanyDocument = {"__meta__":{"hash":"sha256:b9a39ac36b8dc77a7b0177bab2cd0fbf8ed32de25d3f042cba3bce0ebcefba6a"}} as unknown as TypedDocumentString<CreateCompanyMutation, CreateCompanyMutationVariables>;
export const PublishJobDocument = {"__meta__":{"hash":"sha256:29b8894073b42a1bd570793f0c86772068104d51fb036ed180b619a1226bbea0"}} as unknown as TypedDocumentString<PublishJobMutation, PublishJobMutationVariables>;
export const PauseJobDocument = {"__meta__":{"hash":"sha256:16214fe34f1cdd761958021a2f634fbb55e9b1439812d7c160b0b704bc39265f"}} as unknown as TypedDocumentString<PauseJobMutation, PauseJobMutationVariables>;
export const CloseJobDocument = {"__meta__":{"hash":"sha256:1733ed98f064626d77a9f8fd3d0a932d560ababb2bf04d136d2db057a324ee28"}} as unknown as TypedDocumentString<CloseJobMutation, CloseJobMutationVariables>;
export const CreateJobDocument = {"__meta__":{"hash":"sha256:ee95ad6e3ecde32fd3e73fbfed81f8a0a150c56387686f57af3df7bcd641352b"}} as unknown as TypedDocumentString<CreateJobMutation, CreateJobMutationVariables>;
export const EditJobDocument = {"__meta__":{"hash":"sha256:f4efe5317a347aac8a8a77ad732f2697abb522bc98f7116988aead178a63bbc8"}} as unknown as TypedDocumentString<EditJobQuery, EditJobQueryVariables>;
export const UpdateJobDocument = {"__meta__":{"hash":"sha256:71c3cb27e7ee8d6dcb6e2a53ae31ea93a096ab52736a56ae4c980c40d74cce54"}} as unknown as TypedDocumentString<UpdateJobMutation, UpdateJobMutationVariables>;
export const JobPageDocument = {"__meta__":{"hash":"sha256:c9ffb7883d22bf9748c9e6437e44d5fa8fbde13c952b38f5ac8a1445c2e29237"}} as unknown as TypedDocumentString<JobPageQuery, JobPageQueryVariables>;
export const ApplyDocument = {"__meta__":{"hash":"sha256:c61f73bb59eac82db8f634cfcfab6d4bf45c28feb199c4c220efdeca6050698d"}} as unknown as TypedDocumentString<ApplyMutation, ApplyMutationVariables>;
export const NotificationFeedDocument = {"__meta__":{"hash":"sha256:7662fa7e78bb910ea09adbda8bba9c0b28b43a0e7d6e44f88eed5897c6b5b2e3"}} as unknown as TypedDocumentString<NotificationFeedQuery, NotificationFeedQueryVariables>;
export const MarkNotificationReadDocument = {"__meta__":{"hash":"sha256:b00800119e7949bbf708529c505f02e6839452ed3f764e1d5b596a266cd3ee22"}} as unknown as TypedDocumentString<MarkNotificationReadMutation, MarkNotificationReadMutationVariables>;
export const MarkAllNotificationsReadDocument = {"__meta__":{"hash":"sha256:e919497b911d73638f8329785ecb0b4b48a247bb6d037bf89b2a498c5bca336d"}} as unknown as TypedDocumentString<MarkAllNotificationsReadMutation, MarkAllNotificationsReadMutationVariables>;
export const NotificationPreferencesDocument = {"__meta__":{"hash":"sha256:e85efc34603a5ca0c31db1e54f44d6b279492004e97d8fd8df3961898212db77"}} as unknown as TypedDocumentString<NotificationPreferencesQuery, NotificationPreferencesQueryVariables>;
export const UpdateNotificationPreferenceDocument = {"__meta__":{"hash":"sha256:1f1df3597edc5be581a00b32d0e6c69b747d89225c8e82265c3e0f66c7e11fd8"}} as unknown as TypedDocumentString<UpdateNotificationPreferenceMutation, UpdateNotificationPreferenceMutationVariables>;
export const MySavedSearchesDocument = {"__meta__":{"hash":"sha256:5ff0646b908f8137cb3e6d7ca492be3cfe8d508d8b0b93815a6605420882dec6"}} as unknown as TypedDocumentString<MySavedSearchesQuery, MySavedSearchesQueryVariables>;
export const DeleteSavedSearchDocument = {"__meta__":{"hash":"sha256:2ab000f425db095031674eea0edea9c194e65b2c80ec840b615f05bfe5878143"}} as unknown as TypedDocumentString<DeleteSavedSearchMutation, DeleteSavedSearchMutationVariables>;
export const SearchJobsDocument = {"__meta__":{"hash":"sha256:7debad46dd5abd03d789e2409c4df6c794d6a57a957747e728abd14df6f1478c"}} as unknown as TypedDocumentString<SearchJobsQuery, SearchJobsQueryVariables>;
export const SaveSearchDocument = {"__meta__":{"hash":"sha256:804efc7b78a7873ae0761d45acdd3cb20742f57dc3657e6c1ba7f9a5a425f917"}} as unknown as TypedDocumentString<SaveSearchMutation, SaveSearchMutationVariables>;
export const SearchResultClickedDocument = {"__meta__":{"hash":"sha256:3ed256625354c213e3ff6513f1522f7aabdb7d734e005fbcd3e9ffca46eff5ab"}} as unknown as TypedDocumentString<SearchResultClickedMutation, SearchResultClickedMutationVariables>;
export const JobStatsDocument = {"__meta__":{"hash":"sha256:ac37ad1f496e04a8c93d2b637c5375d94c69728dcd66c57f619ac6df6d57f53b"}} as unknown as TypedDocumentString<JobStatsQuery, JobStatsQueryVariables>;
export const RefreshDocument = {"__meta__":{"hash":"sha256:a269b8100a1e8d7acaabf68b9f3e8464885a9bb07c895625440b7580194c335b"}} as unknown as TypedDocumentString<RefreshMutation, RefreshMutationVariables>;
export const LogoutDocument = {"__meta__":{"hash":"sha256:44df27831b2e811e41361abb45896fc013bf9f0e37f54ae93fdb75c2c1f24da5"}} as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;