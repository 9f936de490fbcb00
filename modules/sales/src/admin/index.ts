// Admin entry of sales (dist/admin/index.js), routes relative to /m/sales.
import OrderDetail from './OrderDetail.vue';
import OrderList from './OrderList.vue';

export default {
  routes: [
    { path: '', name: 'sales-orders', component: OrderList },
    { path: 'orders/:id', name: 'sales-order', component: OrderDetail, props: true },
  ],
};
