// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISpokeBridgeAdapter} from "../../../src/shared/interfaces/ISpokeBridgeAdapter.sol";
import {SpokePool} from "../../../src/spoke/SpokePool.sol";

/// @dev Tries to sync again from inside the bridge call, to send the same pending batch twice.
contract ReentrantSyncAdapter is ISpokeBridgeAdapter {
    SpokePool internal immutable pool;

    constructor(SpokePool pool_) {
        pool = pool_;
    }

    function bridgeToHub(uint64) external payable {
        pool.sync();
    }
}

/// @dev Deposits part of the batch's ETH back into the pool from inside the bridge call: if the
///      pool settled its state after the call, those shares would vanish from the next batch.
contract DepositingAdapter is ISpokeBridgeAdapter {
    SpokePool internal immutable pool;
    uint256 public shares;

    constructor(SpokePool pool_) {
        pool = pool_;
    }

    function bridgeToHub(uint64) external payable {
        shares = pool.deposit{value: 1 ether}(address(this), 0);
    }
}
