// Admin entry of base, built to dist/admin/index.js and loaded by the admin at run time like any
// module's. Routes are relative to /m/base.
export default {
  routes: [
    { path: '', redirect: '/m/base/users' },
    { path: 'users', name: 'base-users', component: () => import('./UserList.vue') },
    { path: 'users/:id', name: 'base-user', component: () => import('./UserDetail.vue'), props: true },
    { path: 'roles', name: 'base-roles', component: () => import('./RoleList.vue') },
    { path: 'roles/:id', name: 'base-role', component: () => import('./RoleDetail.vue'), props: true },
    { path: 'account', name: 'base-account', component: () => import('./MyAccount.vue') },
  ],
};
