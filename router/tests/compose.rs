//! Composition: the checked-in subgraph SDLs compose, and the planner can
//! plan every root field of the result (which needs the root types'
//! `@join__type` that graphql-composition leaves out).

use hive_router::graphql_tools::parser::schema::{Definition, Document, Type, TypeDefinition};
use hive_router::query_planner::ast::normalization::normalize_operation;
use hive_router::query_planner::graph::PlannerOverrideContext;
use hive_router::query_planner::planner::Planner;
use hive_router::query_planner::state::supergraph_state::SupergraphState;
use hive_router::query_planner::utils::cancellation::CancellationToken;
use hive_router::query_planner::utils::parsing::{parse_operation, parse_schema};
use jobgraph_router::compose::{ComposeError, SubgraphSdl, compose};

fn subgraphs() -> Vec<SubgraphSdl> {
    vec![
        SubgraphSdl {
            name: "users".into(),
            url: "http://users/graphql".into(),
            sdl: include_str!("../../schema/users.graphql").into(),
        },
        SubgraphSdl {
            name: "jobs".into(),
            url: "http://jobs/graphql".into(),
            sdl: include_str!("../../schema/jobs.graphql").into(),
        },
        SubgraphSdl {
            name: "applications".into(),
            url: "http://applications/graphql".into(),
            sdl: include_str!("../../schema/applications.graphql").into(),
        },
    ]
}

fn named<'a>(ty: &'a Type<'static, String>) -> &'a str {
    match ty {
        Type::NamedType(name) => name,
        Type::ListType(inner) | Type::NonNullType(inner) => named(inner),
    }
}

fn render(ty: &Type<'static, String>) -> String {
    match ty {
        Type::NamedType(name) => name.clone(),
        Type::ListType(inner) => format!("[{}]", render(inner)),
        Type::NonNullType(inner) => format!("{}!", render(inner)),
    }
}

/// `{ field(arg: $a0 ...) { __typename } }` for every field of a root type.
fn root_operations(schema: &Document<'static, String>, root: &str, keyword: &str) -> Vec<String> {
    let leaf = |name: &str| {
        ["String", "Int", "Float", "Boolean", "ID"].contains(&name)
            || schema.definitions.iter().any(|d| {
                matches!(d, Definition::TypeDefinition(TypeDefinition::Scalar(s)) if s.name == name)
                    || matches!(d, Definition::TypeDefinition(TypeDefinition::Enum(e)) if e.name == name)
            })
    };
    let mut operations = Vec::new();
    for definition in &schema.definitions {
        let Definition::TypeDefinition(TypeDefinition::Object(object)) = definition else { continue };
        if object.name != root {
            continue;
        }
        for field in object.fields.iter().filter(|f| !f.name.starts_with("__")) {
            let required: Vec<_> =
                field.arguments.iter().filter(|a| matches!(a.value_type, Type::NonNullType(_))).collect();
            let variables: Vec<String> =
                required.iter().enumerate().map(|(i, a)| format!("$a{i}: {}", render(&a.value_type))).collect();
            let arguments: Vec<String> =
                required.iter().enumerate().map(|(i, a)| format!("{}: $a{i}", a.name)).collect();
            let variables = if variables.is_empty() { String::new() } else { format!("({})", variables.join(", ")) };
            let arguments = if arguments.is_empty() { String::new() } else { format!("({})", arguments.join(", ")) };
            let selection = if leaf(named(&field.field_type)) { "" } else { " { __typename }" };
            operations.push(format!("{keyword} Probe{variables} {{ {}{arguments}{selection} }}", field.name));
        }
    }
    operations
}

#[test]
fn the_planner_plans_every_root_field_of_the_composed_supergraph() {
    let supergraph = compose(&subgraphs()).expect("the subgraphs compose");
    assert!(supergraph.contains("@join__type(graph: USERS)"), "{supergraph}");
    let schema = parse_schema(&supergraph);
    let planner =
        Planner::new_from_supergraph(&schema, Default::default()).expect("the planner accepts the supergraph");
    let state = SupergraphState::new(&schema);
    let mut planned = 0;
    for (root, keyword) in [("Query", "query"), ("Mutation", "mutation")] {
        for operation in root_operations(&schema, root, keyword) {
            let document = parse_operation(&operation);
            let normalized =
                normalize_operation(&state, &document, None).unwrap_or_else(|e| panic!("{operation}: {e}"));
            planner
                .plan_from_normalized_operation(
                    normalized.executable_operation(),
                    PlannerOverrideContext::default(),
                    &CancellationToken::new(),
                )
                .unwrap_or_else(|e| panic!("{operation}: {e}"));
            planned += 1;
        }
    }
    assert!(planned >= 50, "every root field of users, jobs and applications: {planned}");
}

#[test]
fn composition_errors_name_the_subgraph_type_and_field() {
    let mut broken = subgraphs();
    // The same value type with clashing field types in two subgraphs.
    broken[0].sdl.push_str("\ntype Clash @shareable { size: Int }\nextend type Query { clash: Clash }\n");
    broken[1].sdl.push_str("\ntype Clash @shareable { size: String }\nextend type Query { clash2: Clash }\n");
    let error = compose(&broken).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, ComposeError::Composition(_)), "{message}");
    assert!(message.contains("Clash") && message.contains("size"), "{message}");
    let garbage = vec![SubgraphSdl { name: "bad".into(), url: "http://bad".into(), sdl: "type {".into() }];
    assert!(compose(&garbage).unwrap_err().to_string().contains("bad"));
}
