/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation TrackEvent($input: TrackEventInput!) {\n    trackEvent(input: $input)\n  }\n": typeof types.TrackEventDocument,
    "\n  query Suggest($prefix: String!) {\n    suggest(prefix: $prefix, first: 8) {\n      kind\n      text\n      count\n    }\n  }\n": typeof types.SuggestDocument,
    "\n  query UnreadCount {\n    unreadNotificationCount\n  }\n": typeof types.UnreadCountDocument,
    "\n  subscription NotificationAdded {\n    notificationAdded {\n      id\n      title\n      link\n      unreadCount\n    }\n  }\n": typeof types.NotificationAddedDocument,
    "\n  query AdminUsers($query: String) {\n    users(filter: { query: $query }, first: 25) {\n      totalCount\n      edges { node { id email firstName lastName role isVerified isActive createdAt } }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  query AdminCompanies {\n    companies(first: 100) {\n      edges { node { id name isVerified createdAt owner { email } } }\n    }\n  }\n": typeof types.AdminCompaniesDocument,
    "\n  mutation VerifyCompany($id: ID!) {\n    verifyCompany(id: $id, verified: true) { id isVerified }\n  }\n": typeof types.VerifyCompanyDocument,
    "\n  query PlatformStats($from: Date!, $to: Date!, $timezone: String) {\n    platformStats(from: $from, to: $to, granularity: DAY, timezone: $timezone) {\n      series { start activeUsers jobSeekerSignups employerSignups applications jobsPublished }\n      totals { activeUsers jobSeekerSignups employerSignups jobsPublished applications hires searches zeroResultSearches }\n    }\n  }\n": typeof types.PlatformStatsDocument,
    "\n  query MyApplications {\n    myApplications(first: 50) {\n      edges {\n        node {\n          id\n          status\n          submittedAt\n          updatedAt\n          job { id title company { name } }\n        }\n      }\n    }\n  }\n": typeof types.MyApplicationsDocument,
    "\n  query ApplicationPage($id: ID!) {\n    application(id: $id) {\n      id\n      status\n      submittedAt\n      coverLetter\n      version\n      job { id title company { name } }\n      history { from to at reason }\n      interviews { id type status scheduledAt endsAt durationMinutes timezone location meetingUrl }\n    }\n  }\n": typeof types.ApplicationPageDocument,
    "\n  mutation Withdraw($id: ID!, $reason: String) {\n    withdrawApplication(id: $id, reason: $reason) { id status }\n  }\n": typeof types.WithdrawDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  query Board($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      title\n      applications(first: 40) {\n        edges {\n          node {\n            id\n            status\n            submittedAt\n            coverLetter\n            applicant { id firstName lastName }\n            interviews { id type status scheduledAt timezone }\n            notes { id body createdAt }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BoardDocument,
    "\n  mutation MoveApplication($id: ID!, $to: ApplicationStatus!) {\n    moveApplication(id: $id, to: $to) { id status }\n  }\n": typeof types.MoveApplicationDocument,
    "\n  mutation ScheduleInterview($input: ScheduleInterviewInput!) {\n    scheduleInterview(input: $input) { id scheduledAt }\n  }\n": typeof types.ScheduleInterviewDocument,
    "\n  mutation AddRecruiterNote($applicationId: ID!, $body: String!) {\n    addRecruiterNote(applicationId: $applicationId, body: $body) { id }\n  }\n": typeof types.AddRecruiterNoteDocument,
    "\n  query MyCompanies {\n    me {\n      id\n      companies(first: 20) {\n        edges {\n          node {\n            id\n            name\n            isVerified\n          }\n        }\n      }\n    }\n  }\n": typeof types.MyCompaniesDocument,
    "\n  query CompanyJobs($companyId: ID!) {\n    jobs(filter: { companyId: $companyId, statuses: [DRAFT, PUBLISHED, PAUSED, CLOSED, FILLED, EXPIRED] }, first: 50) {\n      edges { node { id title status version applicationCount } }\n    }\n  }\n": typeof types.CompanyJobsDocument,
    "\n  mutation CreateCompany($input: CreateCompanyInput!) {\n    createCompany(input: $input) { id name }\n  }\n": typeof types.CreateCompanyDocument,
    "\n  mutation PublishJob($id: ID!, $version: Int) {\n    publishJob(id: $id, version: $version) { id status version }\n  }\n": typeof types.PublishJobDocument,
    "\n  mutation PauseJob($id: ID!, $version: Int) {\n    pauseJob(id: $id, version: $version) { id status version }\n  }\n": typeof types.PauseJobDocument,
    "\n  mutation CloseJob($id: ID!, $version: Int) {\n    closeJob(id: $id, version: $version) { id status version }\n  }\n": typeof types.CloseJobDocument,
    "\n  mutation CreateJob($input: CreateJobInput!) {\n    createJob(input: $input) { id version }\n  }\n": typeof types.CreateJobDocument,
    "\n  query EditJob($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      description\n      employmentType\n      experienceLevel\n      remotePolicy\n      version\n      status\n      company { id }\n      locations { city countryCode }\n      salary { min max currency }\n    }\n  }\n": typeof types.EditJobDocument,
    "\n  mutation UpdateJob($id: ID!, $version: Int!, $input: UpdateJobInput!) {\n    updateJob(id: $id, version: $version, input: $input) { id version }\n  }\n": typeof types.UpdateJobDocument,
    "\n  query JobPage($id: ID!, $seeker: Boolean!) {\n    job(id: $id) {\n      id\n      title\n      description\n      requirements\n      responsibilities\n      employmentType\n      experienceLevel\n      remotePolicy\n      status\n      publishedAt\n      applicationDeadline\n      acceptsApplications\n      salary { min max currency period }\n      locations { city region countryCode }\n      skills { required skill { id name } }\n      company { id name description website isVerified }\n      similarJobs(first: 5) { id title company { name } }\n      myApplication @include(if: $seeker) { id status submittedAt }\n    }\n  }\n": typeof types.JobPageDocument,
    "\n  mutation Apply($input: ApplyToJobInput!) {\n    applyToJob(input: $input) { id status submittedAt }\n  }\n": typeof types.ApplyDocument,
    "\n  query NotificationFeed($after: String) {\n    notifications(first: 30, after: $after) {\n      edges {\n        node { id title body link status createdAt readAt category }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.NotificationFeedDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) { id status readAt }\n  }\n": typeof types.MarkNotificationReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": typeof types.MarkAllNotificationsReadDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences {\n      timezone\n      items { category channel enabled frequency locked }\n    }\n  }\n": typeof types.NotificationPreferencesDocument,
    "\n  mutation UpdateNotificationPreference($input: UpdateNotificationPreferenceInput!) {\n    updateNotificationPreference(input: $input) { category channel enabled frequency locked }\n  }\n": typeof types.UpdateNotificationPreferenceDocument,
    "\n  query MySavedSearches {\n    mySavedSearches { id name query filter frequency createdAt }\n  }\n": typeof types.MySavedSearchesDocument,
    "\n  mutation DeleteSavedSearch($id: ID!) {\n    deleteSavedSearch(id: $id)\n  }\n": typeof types.DeleteSavedSearchDocument,
    "\n  query SearchJobs($query: String, $filter: JobSearchFilter, $sort: JobSearchSort, $after: String) {\n    searchJobs(query: $query, filter: $filter, sort: $sort, first: 20, after: $after) {\n      searchId\n      totalCount\n      facets {\n        employmentType { value label count }\n        experienceLevel { value label count }\n        remotePolicy { value label count }\n        skill { value label count }\n        country { value label count }\n        city { value label count }\n        salary { from to count }\n      }\n      edges {\n        cursor\n        score\n        highlights { field snippet }\n        node {\n          id\n          title\n          employmentType\n          experienceLevel\n          remotePolicy\n          publishedAt\n          salary { min max currency period }\n          locations { city countryCode }\n          company { id name isVerified }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.SearchJobsDocument,
    "\n  mutation SaveSearch($input: SaveSearchInput!) {\n    saveSearch(input: $input) { id name frequency }\n  }\n": typeof types.SaveSearchDocument,
    "\n  mutation SearchResultClicked($searchId: ID!, $jobId: ID!, $position: Int!) {\n    searchResultClicked(searchId: $searchId, jobId: $jobId, position: $position)\n  }\n": typeof types.SearchResultClickedDocument,
    "\n  query JobStats($id: ID!, $from: Date!, $to: Date!, $timezone: String) {\n    job(id: $id) {\n      id\n      title\n      stats(from: $from, to: $to, granularity: DAY, timezone: $timezone) {\n        series { start views uniqueViewers applyStarts applications }\n        totals { views uniqueViewers applyStarts applications hires conversionRate }\n        funnel { step count }\n        bySource { source views applyStarts applications }\n      }\n    }\n  }\n": typeof types.JobStatsDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      role\n      firstName\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
};
const documents: Documents = {
    "\n  mutation TrackEvent($input: TrackEventInput!) {\n    trackEvent(input: $input)\n  }\n": types.TrackEventDocument,
    "\n  query Suggest($prefix: String!) {\n    suggest(prefix: $prefix, first: 8) {\n      kind\n      text\n      count\n    }\n  }\n": types.SuggestDocument,
    "\n  query UnreadCount {\n    unreadNotificationCount\n  }\n": types.UnreadCountDocument,
    "\n  subscription NotificationAdded {\n    notificationAdded {\n      id\n      title\n      link\n      unreadCount\n    }\n  }\n": types.NotificationAddedDocument,
    "\n  query AdminUsers($query: String) {\n    users(filter: { query: $query }, first: 25) {\n      totalCount\n      edges { node { id email firstName lastName role isVerified isActive createdAt } }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  query AdminCompanies {\n    companies(first: 100) {\n      edges { node { id name isVerified createdAt owner { email } } }\n    }\n  }\n": types.AdminCompaniesDocument,
    "\n  mutation VerifyCompany($id: ID!) {\n    verifyCompany(id: $id, verified: true) { id isVerified }\n  }\n": types.VerifyCompanyDocument,
    "\n  query PlatformStats($from: Date!, $to: Date!, $timezone: String) {\n    platformStats(from: $from, to: $to, granularity: DAY, timezone: $timezone) {\n      series { start activeUsers jobSeekerSignups employerSignups applications jobsPublished }\n      totals { activeUsers jobSeekerSignups employerSignups jobsPublished applications hires searches zeroResultSearches }\n    }\n  }\n": types.PlatformStatsDocument,
    "\n  query MyApplications {\n    myApplications(first: 50) {\n      edges {\n        node {\n          id\n          status\n          submittedAt\n          updatedAt\n          job { id title company { name } }\n        }\n      }\n    }\n  }\n": types.MyApplicationsDocument,
    "\n  query ApplicationPage($id: ID!) {\n    application(id: $id) {\n      id\n      status\n      submittedAt\n      coverLetter\n      version\n      job { id title company { name } }\n      history { from to at reason }\n      interviews { id type status scheduledAt endsAt durationMinutes timezone location meetingUrl }\n    }\n  }\n": types.ApplicationPageDocument,
    "\n  mutation Withdraw($id: ID!, $reason: String) {\n    withdrawApplication(id: $id, reason: $reason) { id status }\n  }\n": types.WithdrawDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.RegisterDocument,
    "\n  query Board($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      title\n      applications(first: 40) {\n        edges {\n          node {\n            id\n            status\n            submittedAt\n            coverLetter\n            applicant { id firstName lastName }\n            interviews { id type status scheduledAt timezone }\n            notes { id body createdAt }\n          }\n        }\n      }\n    }\n  }\n": types.BoardDocument,
    "\n  mutation MoveApplication($id: ID!, $to: ApplicationStatus!) {\n    moveApplication(id: $id, to: $to) { id status }\n  }\n": types.MoveApplicationDocument,
    "\n  mutation ScheduleInterview($input: ScheduleInterviewInput!) {\n    scheduleInterview(input: $input) { id scheduledAt }\n  }\n": types.ScheduleInterviewDocument,
    "\n  mutation AddRecruiterNote($applicationId: ID!, $body: String!) {\n    addRecruiterNote(applicationId: $applicationId, body: $body) { id }\n  }\n": types.AddRecruiterNoteDocument,
    "\n  query MyCompanies {\n    me {\n      id\n      companies(first: 20) {\n        edges {\n          node {\n            id\n            name\n            isVerified\n          }\n        }\n      }\n    }\n  }\n": types.MyCompaniesDocument,
    "\n  query CompanyJobs($companyId: ID!) {\n    jobs(filter: { companyId: $companyId, statuses: [DRAFT, PUBLISHED, PAUSED, CLOSED, FILLED, EXPIRED] }, first: 50) {\n      edges { node { id title status version applicationCount } }\n    }\n  }\n": types.CompanyJobsDocument,
    "\n  mutation CreateCompany($input: CreateCompanyInput!) {\n    createCompany(input: $input) { id name }\n  }\n": types.CreateCompanyDocument,
    "\n  mutation PublishJob($id: ID!, $version: Int) {\n    publishJob(id: $id, version: $version) { id status version }\n  }\n": types.PublishJobDocument,
    "\n  mutation PauseJob($id: ID!, $version: Int) {\n    pauseJob(id: $id, version: $version) { id status version }\n  }\n": types.PauseJobDocument,
    "\n  mutation CloseJob($id: ID!, $version: Int) {\n    closeJob(id: $id, version: $version) { id status version }\n  }\n": types.CloseJobDocument,
    "\n  mutation CreateJob($input: CreateJobInput!) {\n    createJob(input: $input) { id version }\n  }\n": types.CreateJobDocument,
    "\n  query EditJob($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      description\n      employmentType\n      experienceLevel\n      remotePolicy\n      version\n      status\n      company { id }\n      locations { city countryCode }\n      salary { min max currency }\n    }\n  }\n": types.EditJobDocument,
    "\n  mutation UpdateJob($id: ID!, $version: Int!, $input: UpdateJobInput!) {\n    updateJob(id: $id, version: $version, input: $input) { id version }\n  }\n": types.UpdateJobDocument,
    "\n  query JobPage($id: ID!, $seeker: Boolean!) {\n    job(id: $id) {\n      id\n      title\n      description\n      requirements\n      responsibilities\n      employmentType\n      experienceLevel\n      remotePolicy\n      status\n      publishedAt\n      applicationDeadline\n      acceptsApplications\n      salary { min max currency period }\n      locations { city region countryCode }\n      skills { required skill { id name } }\n      company { id name description website isVerified }\n      similarJobs(first: 5) { id title company { name } }\n      myApplication @include(if: $seeker) { id status submittedAt }\n    }\n  }\n": types.JobPageDocument,
    "\n  mutation Apply($input: ApplyToJobInput!) {\n    applyToJob(input: $input) { id status submittedAt }\n  }\n": types.ApplyDocument,
    "\n  query NotificationFeed($after: String) {\n    notifications(first: 30, after: $after) {\n      edges {\n        node { id title body link status createdAt readAt category }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.NotificationFeedDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) { id status readAt }\n  }\n": types.MarkNotificationReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllNotificationsReadDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences {\n      timezone\n      items { category channel enabled frequency locked }\n    }\n  }\n": types.NotificationPreferencesDocument,
    "\n  mutation UpdateNotificationPreference($input: UpdateNotificationPreferenceInput!) {\n    updateNotificationPreference(input: $input) { category channel enabled frequency locked }\n  }\n": types.UpdateNotificationPreferenceDocument,
    "\n  query MySavedSearches {\n    mySavedSearches { id name query filter frequency createdAt }\n  }\n": types.MySavedSearchesDocument,
    "\n  mutation DeleteSavedSearch($id: ID!) {\n    deleteSavedSearch(id: $id)\n  }\n": types.DeleteSavedSearchDocument,
    "\n  query SearchJobs($query: String, $filter: JobSearchFilter, $sort: JobSearchSort, $after: String) {\n    searchJobs(query: $query, filter: $filter, sort: $sort, first: 20, after: $after) {\n      searchId\n      totalCount\n      facets {\n        employmentType { value label count }\n        experienceLevel { value label count }\n        remotePolicy { value label count }\n        skill { value label count }\n        country { value label count }\n        city { value label count }\n        salary { from to count }\n      }\n      edges {\n        cursor\n        score\n        highlights { field snippet }\n        node {\n          id\n          title\n          employmentType\n          experienceLevel\n          remotePolicy\n          publishedAt\n          salary { min max currency period }\n          locations { city countryCode }\n          company { id name isVerified }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.SearchJobsDocument,
    "\n  mutation SaveSearch($input: SaveSearchInput!) {\n    saveSearch(input: $input) { id name frequency }\n  }\n": types.SaveSearchDocument,
    "\n  mutation SearchResultClicked($searchId: ID!, $jobId: ID!, $position: Int!) {\n    searchResultClicked(searchId: $searchId, jobId: $jobId, position: $position)\n  }\n": types.SearchResultClickedDocument,
    "\n  query JobStats($id: ID!, $from: Date!, $to: Date!, $timezone: String) {\n    job(id: $id) {\n      id\n      title\n      stats(from: $from, to: $to, granularity: DAY, timezone: $timezone) {\n        series { start views uniqueViewers applyStarts applications }\n        totals { views uniqueViewers applyStarts applications hires conversionRate }\n        funnel { step count }\n        bySource { source views applyStarts applications }\n      }\n    }\n  }\n": types.JobStatsDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": types.RefreshDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      role\n      firstName\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TrackEvent($input: TrackEventInput!) {\n    trackEvent(input: $input)\n  }\n"): typeof import('./graphql').TrackEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Suggest($prefix: String!) {\n    suggest(prefix: $prefix, first: 8) {\n      kind\n      text\n      count\n    }\n  }\n"): typeof import('./graphql').SuggestDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadCount {\n    unreadNotificationCount\n  }\n"): typeof import('./graphql').UnreadCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationAdded {\n    notificationAdded {\n      id\n      title\n      link\n      unreadCount\n    }\n  }\n"): typeof import('./graphql').NotificationAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($query: String) {\n    users(filter: { query: $query }, first: 25) {\n      totalCount\n      edges { node { id email firstName lastName role isVerified isActive createdAt } }\n    }\n  }\n"): typeof import('./graphql').AdminUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCompanies {\n    companies(first: 100) {\n      edges { node { id name isVerified createdAt owner { email } } }\n    }\n  }\n"): typeof import('./graphql').AdminCompaniesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyCompany($id: ID!) {\n    verifyCompany(id: $id, verified: true) { id isVerified }\n  }\n"): typeof import('./graphql').VerifyCompanyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlatformStats($from: Date!, $to: Date!, $timezone: String) {\n    platformStats(from: $from, to: $to, granularity: DAY, timezone: $timezone) {\n      series { start activeUsers jobSeekerSignups employerSignups applications jobsPublished }\n      totals { activeUsers jobSeekerSignups employerSignups jobsPublished applications hires searches zeroResultSearches }\n    }\n  }\n"): typeof import('./graphql').PlatformStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyApplications {\n    myApplications(first: 50) {\n      edges {\n        node {\n          id\n          status\n          submittedAt\n          updatedAt\n          job { id title company { name } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyApplicationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApplicationPage($id: ID!) {\n    application(id: $id) {\n      id\n      status\n      submittedAt\n      coverLetter\n      version\n      job { id title company { name } }\n      history { from to at reason }\n      interviews { id type status scheduledAt endsAt durationMinutes timezone location meetingUrl }\n    }\n  }\n"): typeof import('./graphql').ApplicationPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Withdraw($id: ID!, $reason: String) {\n    withdrawApplication(id: $id, reason: $reason) { id status }\n  }\n"): typeof import('./graphql').WithdrawDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').RegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Board($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      title\n      applications(first: 40) {\n        edges {\n          node {\n            id\n            status\n            submittedAt\n            coverLetter\n            applicant { id firstName lastName }\n            interviews { id type status scheduledAt timezone }\n            notes { id body createdAt }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').BoardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveApplication($id: ID!, $to: ApplicationStatus!) {\n    moveApplication(id: $id, to: $to) { id status }\n  }\n"): typeof import('./graphql').MoveApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScheduleInterview($input: ScheduleInterviewInput!) {\n    scheduleInterview(input: $input) { id scheduledAt }\n  }\n"): typeof import('./graphql').ScheduleInterviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddRecruiterNote($applicationId: ID!, $body: String!) {\n    addRecruiterNote(applicationId: $applicationId, body: $body) { id }\n  }\n"): typeof import('./graphql').AddRecruiterNoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyCompanies {\n    me {\n      id\n      companies(first: 20) {\n        edges {\n          node {\n            id\n            name\n            isVerified\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyCompaniesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompanyJobs($companyId: ID!) {\n    jobs(filter: { companyId: $companyId, statuses: [DRAFT, PUBLISHED, PAUSED, CLOSED, FILLED, EXPIRED] }, first: 50) {\n      edges { node { id title status version applicationCount } }\n    }\n  }\n"): typeof import('./graphql').CompanyJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCompany($input: CreateCompanyInput!) {\n    createCompany(input: $input) { id name }\n  }\n"): typeof import('./graphql').CreateCompanyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishJob($id: ID!, $version: Int) {\n    publishJob(id: $id, version: $version) { id status version }\n  }\n"): typeof import('./graphql').PublishJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseJob($id: ID!, $version: Int) {\n    pauseJob(id: $id, version: $version) { id status version }\n  }\n"): typeof import('./graphql').PauseJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseJob($id: ID!, $version: Int) {\n    closeJob(id: $id, version: $version) { id status version }\n  }\n"): typeof import('./graphql').CloseJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateJob($input: CreateJobInput!) {\n    createJob(input: $input) { id version }\n  }\n"): typeof import('./graphql').CreateJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EditJob($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      description\n      employmentType\n      experienceLevel\n      remotePolicy\n      version\n      status\n      company { id }\n      locations { city countryCode }\n      salary { min max currency }\n    }\n  }\n"): typeof import('./graphql').EditJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateJob($id: ID!, $version: Int!, $input: UpdateJobInput!) {\n    updateJob(id: $id, version: $version, input: $input) { id version }\n  }\n"): typeof import('./graphql').UpdateJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobPage($id: ID!, $seeker: Boolean!) {\n    job(id: $id) {\n      id\n      title\n      description\n      requirements\n      responsibilities\n      employmentType\n      experienceLevel\n      remotePolicy\n      status\n      publishedAt\n      applicationDeadline\n      acceptsApplications\n      salary { min max currency period }\n      locations { city region countryCode }\n      skills { required skill { id name } }\n      company { id name description website isVerified }\n      similarJobs(first: 5) { id title company { name } }\n      myApplication @include(if: $seeker) { id status submittedAt }\n    }\n  }\n"): typeof import('./graphql').JobPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Apply($input: ApplyToJobInput!) {\n    applyToJob(input: $input) { id status submittedAt }\n  }\n"): typeof import('./graphql').ApplyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationFeed($after: String) {\n    notifications(first: 30, after: $after) {\n      edges {\n        node { id title body link status createdAt readAt category }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').NotificationFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) { id status readAt }\n  }\n"): typeof import('./graphql').MarkNotificationReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"): typeof import('./graphql').MarkAllNotificationsReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationPreferences {\n    notificationPreferences {\n      timezone\n      items { category channel enabled frequency locked }\n    }\n  }\n"): typeof import('./graphql').NotificationPreferencesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationPreference($input: UpdateNotificationPreferenceInput!) {\n    updateNotificationPreference(input: $input) { category channel enabled frequency locked }\n  }\n"): typeof import('./graphql').UpdateNotificationPreferenceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySavedSearches {\n    mySavedSearches { id name query filter frequency createdAt }\n  }\n"): typeof import('./graphql').MySavedSearchesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSavedSearch($id: ID!) {\n    deleteSavedSearch(id: $id)\n  }\n"): typeof import('./graphql').DeleteSavedSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchJobs($query: String, $filter: JobSearchFilter, $sort: JobSearchSort, $after: String) {\n    searchJobs(query: $query, filter: $filter, sort: $sort, first: 20, after: $after) {\n      searchId\n      totalCount\n      facets {\n        employmentType { value label count }\n        experienceLevel { value label count }\n        remotePolicy { value label count }\n        skill { value label count }\n        country { value label count }\n        city { value label count }\n        salary { from to count }\n      }\n      edges {\n        cursor\n        score\n        highlights { field snippet }\n        node {\n          id\n          title\n          employmentType\n          experienceLevel\n          remotePolicy\n          publishedAt\n          salary { min max currency period }\n          locations { city countryCode }\n          company { id name isVerified }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').SearchJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveSearch($input: SaveSearchInput!) {\n    saveSearch(input: $input) { id name frequency }\n  }\n"): typeof import('./graphql').SaveSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SearchResultClicked($searchId: ID!, $jobId: ID!, $position: Int!) {\n    searchResultClicked(searchId: $searchId, jobId: $jobId, position: $position)\n  }\n"): typeof import('./graphql').SearchResultClickedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobStats($id: ID!, $from: Date!, $to: Date!, $timezone: String) {\n    job(id: $id) {\n      id\n      title\n      stats(from: $from, to: $to, granularity: DAY, timezone: $timezone) {\n        series { start views uniqueViewers applyStarts applications }\n        totals { views uniqueViewers applyStarts applications hires conversionRate }\n        funnel { step count }\n        bySource { source views applyStarts applications }\n      }\n    }\n  }\n"): typeof import('./graphql').JobStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').RefreshDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      role\n      firstName\n    }\n  }\n"): typeof import('./graphql').SessionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): typeof import('./graphql').LogoutDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
