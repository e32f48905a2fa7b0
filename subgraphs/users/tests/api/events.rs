//! The events users records in its outbox, in the transaction of each change.

use jobgraph_shared::auth::Role;
use jobgraph_shared::events::payloads::{DeletionMode, UserCreated, UserDeleted, UserUpdated};
use jobgraph_shared::testing::{data, error_code};
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn account_changes_publish_user_events_without_private_fields() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let ada = app.register("ada@example.com", Role::Employer).await;
    let created = app.recorded_events().await.pop().unwrap();
    assert_eq!((created.event_type.as_str(), created.producer.as_str()), ("user.created", "users"));
    assert_eq!(created.aggregate_id.to_string(), ada.id);
    let snapshot = created.decode::<UserCreated>().unwrap().user;
    assert_eq!((snapshot.email.as_str(), snapshot.role.as_str()), ("ada@example.com", "EMPLOYER"));
    let raw = serde_json::to_string(&created).unwrap();
    assert!(!raw.contains("password") && !raw.contains("phone") && !raw.contains("dateOfBirth"), "{raw}");

    let update = "mutation { updateMe(input: { firstName: \"Augusta\", phone: \"+44 20 7946 0958\" }) { id } }";
    data(&app.gql(update, json!({}), Some(&ada.access)).await);
    let updated = app.recorded_events().await.pop().unwrap();
    assert_eq!(updated.actor_id.map(|id| id.to_string()), Some(ada.id.clone()));
    let updated = updated.decode::<UserUpdated>().unwrap();
    assert_eq!(updated.changed, vec!["firstName", "phone"], "the changed fields are named");
    assert_eq!(updated.user.first_name, "Augusta");

    let verify = "mutation($id: ID!) { verifyUser(id: $id) { id } }";
    data(&app.gql(verify, json!({ "id": ada.id }), Some(&admin.access)).await);
    let verified = app.recorded_events().await.pop().unwrap().decode::<UserUpdated>().unwrap();
    assert_eq!((verified.changed, verified.user.is_verified), (vec!["isVerified".to_string()], true));

    // Refused: nothing recorded.
    let count = app.recorded_events().await.len();
    let refused = app.gql(verify, json!({ "id": ada.id }), Some(&ada.access)).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let invalid =
        app.gql("mutation { updateMe(input: { firstName: \"\" }) { id } }", json!({}), Some(&ada.access)).await;
    assert_eq!(error_code(&invalid), Some("BAD_USER_INPUT"));
    assert_eq!(app.recorded_events().await.len(), count);

    data(
        &app.gql("mutation($id: ID!) { deleteUser(id: $id) { id } }", json!({ "id": ada.id }), Some(&ada.access)).await,
    );
    let deleted = app.recorded_events().await.pop().unwrap().decode::<UserDeleted>().unwrap();
    assert_eq!((deleted.mode, deleted.role.as_str()), (DeletionMode::Soft, "EMPLOYER"));

    data(
        &app.gql("mutation($id: ID!) { restoreUser(id: $id) { id } }", json!({ "id": ada.id }), Some(&admin.access))
            .await,
    );
    let restored = app.recorded_events().await.pop().unwrap().decode::<UserUpdated>().unwrap();
    assert_eq!(restored.changed, vec!["deletedAt"]);
    assert_eq!(restored.user.deleted_at, None);
}
