// Admin entry of contacts, built to dist/admin/index.js and loaded by the admin at run time.
// Routes are relative to /m/contacts.
import CompanyDetail from './CompanyDetail.vue';
import CompanyList from './CompanyList.vue';
import PersonDetail from './PersonDetail.vue';

export default {
  routes: [
    { path: '', name: 'contacts-companies', component: CompanyList },
    { path: 'companies/:id', name: 'contacts-company', component: CompanyDetail, props: true },
    { path: 'people/:id', name: 'contacts-person', component: PersonDetail, props: true },
  ],
};
